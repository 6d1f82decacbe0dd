import {useEffect} from 'react'
import {setMaxDecompressedBytes} from '../store/actions'
import {useViewer} from '../store/store'
import {startUrlSync} from '../store/url-state'
import {ChangesView} from './ChangesView'
import {CompareBar} from './CompareBar'
import {DropZone} from './DropZone'
import {HintsView} from './HintsView'
import {LeaksView} from './LeaksView'
import {SeriesTimeline} from './SeriesTimeline'
import {ErrorBanner} from './ErrorBanner'
import {FlameGraphView} from './flame-graph/FlameGraphView'
import {LoadProgress} from './LoadProgress'
import {LinkNote} from './OpenUrl'
import {ProfileHeader} from './ProfileHeader'
import {RefineBar} from './RefineBar'
import {Toolbar} from './Toolbar'
import {TopTable} from './TopTable'
import {Welcome} from './Welcome'
import {FunctionMenu} from './views/FunctionMenu'
import {MoreView} from './views/MoreView'
import {isMoreView} from './views/ViewsMenu'

export function App() {
  const hasProfile = useViewer((s) => s.profile !== null)
  const view = useViewer((s) => s.view)
  const comparing = useViewer((s) => s.base !== null)
  const hasSeries = useViewer((s) => s.series.length > 1)
  useEffect(() => {
    // `#sample` (what `npm start` opens) shows the bundled sample at once; `cap=<MiB>` lowers the
    // decompressed-size limit (the end-to-end tests use it to try the limit with a small file).
    const params = new URLSearchParams(location.hash.slice(1))
    const cap = Number(params.get('cap'))
    if (cap > 0) setMaxDecompressedBytes(cap * 1024 * 1024)
    // The rest of the hash (`#sample`, `#url=`, the view) is store/url-state's, from now on.
    return startUrlSync()
  }, [])
  return (
    <div className="app">
      <Toolbar />
      <RefineBar />
      <ErrorBanner />
      <LoadProgress />
      <ProfileHeader />
      <CompareBar />
      {hasProfile && <LinkNote />}
      <SeriesTimeline />
      <main className="main">
        {!hasProfile ? (
          <Welcome />
        ) : view === 'top' ? (
          <TopTable />
        ) : view === 'changes' && comparing ? (
          <ChangesView />
        ) : view === 'leaks' && hasSeries ? (
          <LeaksView />
        ) : view === 'hints' ? (
          <HintsView />
        ) : isMoreView(view) ? (
          <MoreView view={view} />
        ) : (
          <FlameGraphView />
        )}
      </main>
      <DropZone />
      <FunctionMenu />
    </div>
  )
}
