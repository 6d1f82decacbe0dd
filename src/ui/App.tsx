import {useEffect} from 'react'
import {openSample, setMaxDecompressedBytes} from '../store/actions'
import {useViewer} from '../store/store'
import {ChangesView} from './ChangesView'
import {CompareBar} from './CompareBar'
import {DropZone} from './DropZone'
import {ErrorBanner} from './ErrorBanner'
import {FlameGraphView} from './flame-graph/FlameGraphView'
import {LoadProgress} from './LoadProgress'
import {ProfileHeader} from './ProfileHeader'
import {Toolbar} from './Toolbar'
import {TopTable} from './TopTable'
import {Welcome} from './Welcome'

export function App() {
  const hasProfile = useViewer((s) => s.profile !== null)
  const view = useViewer((s) => s.view)
  const comparing = useViewer((s) => s.base !== null)
  useEffect(() => {
    // `#sample` (what `npm start` opens) shows the bundled sample at once; `cap=<MiB>` lowers the
    // decompressed-size limit (the end-to-end tests use it to try the limit with a small file).
    const params = new URLSearchParams(location.hash.slice(1))
    const cap = Number(params.get('cap'))
    if (cap > 0) setMaxDecompressedBytes(cap * 1024 * 1024)
    if (params.has('sample')) void openSample()
  }, [])
  return (
    <div className="app">
      <Toolbar />
      <ErrorBanner />
      <LoadProgress />
      <ProfileHeader />
      <CompareBar />
      <main className="main">
        {!hasProfile ? (
          <Welcome />
        ) : view === 'top' ? (
          <TopTable />
        ) : view === 'changes' && comparing ? (
          <ChangesView />
        ) : (
          <FlameGraphView />
        )}
      </main>
      <DropZone />
    </div>
  )
}
