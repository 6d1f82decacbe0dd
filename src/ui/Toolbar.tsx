import {
  openFile,
  resetZoom,
  setOrientation,
  setSampleType,
  setView,
} from '../store/actions'
import {isHeapProfile} from '../model/profile'
import {openSeries} from '../store/series-actions'
import {useViewer} from '../store/store'
import {OpenUrlMenu} from './OpenUrl'
import {RefineMenu} from './RefineMenu'
import {SearchBox} from './SearchBox'
import {Settings} from './Settings'
import {ShareMenu} from './ShareMenu'
import {ViewsMenu} from './views/ViewsMenu'

/** The one toolbar row: open, sample type, search, views, then the quieter controls. */
export function Toolbar() {
  const profile = useViewer((s) => s.profile)
  const sampleType = useViewer((s) => s.sampleType)
  const view = useViewer((s) => s.view)
  const orientation = useViewer((s) => s.orientation)
  const zoomed = useViewer((s) => s.zoomPath.length > 0)
  const comparing = useViewer((s) => s.base !== null)
  const hasSeries = useViewer((s) => s.series.length > 1)
  const isHeap = profile !== null && isHeapProfile(profile)

  return (
    <header className="toolbar">
      <span className="brand">heapscope</span>
      <label className="button open-button">
        Open…
        <input
          type="file"
          multiple
          aria-label="Open profile"
          className="visually-hidden"
          onChange={(e) => {
            const files = Array.from(e.currentTarget.files ?? [])
            // Several files at once are a series of snapshots.
            if (files.length > 1) void openSeries(files)
            else if (files.length === 1) void openFile(files[0], files[0].name)
            // Let the same file be chosen again after an error.
            e.currentTarget.value = ''
          }}
        />
      </label>
      {profile && <OpenUrlMenu />}
      {profile && (
        <label className="button open-button" title="Compare with an earlier snapshot (pprof -base)">
          Open base…
          <input
            type="file"
            aria-label="Open base profile"
            className="visually-hidden"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0]
              if (file) void openFile(file, file.name, true)
              e.currentTarget.value = ''
            }}
          />
        </label>
      )}
      {profile && (
        <>
          <label className="field">
            <span className="visually-hidden">Sample type</span>
            <select
              aria-label="Sample type"
              value={profile.sampleTypes[sampleType]?.type ?? ''}
              onChange={(e) => {
                const index = profile.sampleTypes.findIndex((t) => t.type === e.target.value)
                if (index >= 0) setSampleType(index)
              }}
            >
              {profile.sampleTypes.map((t) => (
                <option key={t.type} value={t.type}>
                  {t.type} ({t.unit})
                </option>
              ))}
            </select>
          </label>
          <SearchBox />
          <nav className="tabs" role="tablist" aria-label="Views">
            <button
              type="button"
              role="tab"
              aria-selected={view === 'flame'}
              onClick={() => setView('flame')}
            >
              Flame graph
            </button>
            <button
              type="button"
              role="tab"
              aria-selected={view === 'top'}
              onClick={() => setView('top')}
            >
              Top
            </button>
            {comparing && (
              <button
                type="button"
                role="tab"
                aria-selected={view === 'changes'}
                onClick={() => setView('changes')}
              >
                What changed
              </button>
            )}
            {hasSeries && (
              <button
                type="button"
                role="tab"
                aria-selected={view === 'leaks'}
                onClick={() => setView('leaks')}
              >
                Leak suspects
              </button>
            )}
            {isHeap && (
              <button
                type="button"
                role="tab"
                aria-selected={view === 'hints'}
                onClick={() => setView('hints')}
              >
                Hints
              </button>
            )}
          </nav>
          <ViewsMenu />
          <RefineMenu />
          <span className="spacer" />
          {view === 'flame' && (
            <>
              <button type="button" className="quiet" onClick={resetZoom} disabled={!zoomed}>
                Reset zoom
              </button>
              <button
                type="button"
                className="quiet"
                aria-pressed={orientation === 'flame'}
                title="Flame: root at the bottom. Icicle: root at the top."
                onClick={() => setOrientation(orientation === 'icicle' ? 'flame' : 'icicle')}
              >
                {orientation === 'icicle' ? 'Icicle ↓' : 'Flame ↑'}
              </button>
            </>
          )}
          <ShareMenu />
        </>
      )}
      <Settings />
    </header>
  )
}
