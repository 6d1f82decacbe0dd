import {openFile, setSampleType, setView} from '../store/actions'
import {isHeapProfile, type ValueType} from '../model/profile'
import {openSeries} from '../store/series-actions'
import {type ViewName, useViewer} from '../store/store'
import {OpenMenu} from './OpenUrl'
import {RefineMenu} from './RefineMenu'
import {SearchBox} from './SearchBox'
import {Settings} from './Settings'
import {ShareMenu} from './ShareMenu'
import {ViewsMenu} from './views/ViewsMenu'

/**
 * The one toolbar row (at 1280 px, also in a comparison): open (the other ways to open in its
 * ▾), sample type, search, the views, refine, then the quieter controls. The flame graph's own
 * controls (reset zoom, orientation) are beside its status line. A narrow window wraps it.
 */
export function Toolbar() {
  const profile = useViewer((s) => s.profile)
  const sampleType = useViewer((s) => s.sampleType)
  const view = useViewer((s) => s.view)
  const comparing = useViewer((s) => s.base !== null)
  const hasSeries = useViewer((s) => s.series.length > 1)
  const isHeap = profile !== null && isHeapProfile(profile)

  return (
    <header className="toolbar">
      <span className="brand">heapscope</span>
      <span className="open-group">
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
        {profile && <OpenMenu />}
      </span>
      {profile && (
        <>
          <label className="field">
            <span className="visually-hidden">Sample type</span>
            <select
              aria-label="Sample type"
              title={`Sample type: ${typeAndUnit(profile.sampleTypes[sampleType])}`}
              value={profile.sampleTypes[sampleType]?.type ?? ''}
              onChange={(e) => {
                const index = profile.sampleTypes.findIndex((t) => t.type === e.target.value)
                if (index >= 0) setSampleType(index)
              }}
            >
              {profile.sampleTypes.map((t) => (
                <option key={t.type} value={t.type} title={typeAndUnit(t)}>
                  {t.type}
                </option>
              ))}
            </select>
          </label>
          <SearchBox />
          <span className="view-group">
            <nav className="tabs" role="tablist" aria-label="Views">
              <ViewTab view="flame" current={view}>
                Flame graph
              </ViewTab>
              <ViewTab view="top" current={view}>
                Top
              </ViewTab>
              {comparing && (
                <ViewTab view="changes" current={view}>
                  What changed
                </ViewTab>
              )}
              {hasSeries && (
                <ViewTab view="leaks" current={view}>
                  Leak suspects
                </ViewTab>
              )}
              {isHeap && (
                <ViewTab view="hints" current={view}>
                  Hints
                </ViewTab>
              )}
            </nav>
            <ViewsMenu />
          </span>
          <RefineMenu />
          <span className="spacer" />
          <ShareMenu />
        </>
      )}
      <Settings />
    </header>
  )
}

function ViewTab({view, current, children}: {view: ViewName; current: ViewName; children: string}) {
  return (
    <button type="button" role="tab" aria-selected={current === view} onClick={() => setView(view)}>
      {children}
    </button>
  )
}

function typeAndUnit(t: ValueType | undefined): string {
  return t ? `${t.type} (${t.unit})` : ''
}
