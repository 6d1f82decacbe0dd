import {useEffect, useMemo, useState} from 'react'
import {formatPercent, formatValue} from '../../analysis/format'
import {computeListing, formatListText, type Listing, type Routine} from '../../analysis/lines'
import {type Shown, useShown} from '../../store/shown'
import {
  addSourceFiles,
  clearSourceFiles,
  matchSourceFile,
  readSourceLines,
  useSourceFiles,
} from '../../store/source-files'
import {annotateRoutine} from './source-listing'
import {CopyText, NoTarget, TargetTitle, useTarget} from './target'
import './views.css'

/** Routines shown at most (a regexp like `.` lists every function). */
const MAX_ROUTINES = 100

/**
 * pprof's -list: per routine (function × file) its cost per source line at `lines`
 * granularity, with pprof's ROUTINE totals; with source files loaded, the source itself with
 * the hot lines shaded by cum.
 */
export function LinesView() {
  const shown = useShown()!
  const target = useTarget('function')
  const {refined, sampleType, total} = shown
  const listing = useMemo((): Listing | {error: string} | null => {
    if (!target) return null
    try {
      return computeListing(refined, sampleType, target.pattern, {total})
    } catch (e) {
      return {error: e instanceof Error ? e.message : String(e)}
    }
  }, [refined, sampleType, total, target?.pattern])
  if (!target || !listing) return <NoTarget what="its cost per source line" />
  return (
    <section className="report-view lines-view" aria-label="Source lines">
      <header className="report-head">
        <h2>
          Source lines: <TargetTitle target={target} />
        </h2>
        <SourcePicker />
        {!('error' in listing) && listing.order.length > 0 && (
          <CopyText
            testId="list-text"
            text={() =>
              formatListText(refined, sampleType, target.pattern, {total, lines: true})
            }
          />
        )}
      </header>
      {'error' in listing ? (
        <p className="empty refine-error">{listing.error}</p>
      ) : listing.order.length === 0 ? (
        <p className="empty">No function matches {target.pattern} in this profile.</p>
      ) : (
        <Routines shown={shown} listing={listing} />
      )}
    </section>
  )
}

function Routines({shown, listing}: {shown: Shown; listing: Listing}) {
  const unit = shown.profile.sampleTypes[shown.sampleType].unit
  // -list scales each value on its own.
  const fmt = (v: number) => formatValue(v, unit, 'minimum')
  return (
    <div className="table-scroll routines">
      <div className="muted list-total">Total: {fmt(listing.total)}</div>
      {listing.noSource.map((name) => (
        <p key={name} className="muted">
          No source information for {name}
        </p>
      ))}
      {listing.routines.slice(0, MAX_ROUTINES).map((r) => (
        <RoutineBlock key={r.name + '\0' + r.file} routine={r} total={listing.total} fmt={fmt} />
      ))}
      {listing.routines.length > MAX_ROUTINES && (
        <p className="muted">
          Showing {MAX_ROUTINES} of {listing.routines.length} routines: narrow the regexp.
        </p>
      )}
    </div>
  )
}

function RoutineBlock({
  routine,
  total,
  fmt,
}: {
  routine: Routine
  total: number
  fmt: (v: number) => string
}) {
  const files = useSourceFiles((s) => s.files)
  const match = useMemo(() => matchSourceFile(routine.file, files), [routine.file, files])
  const [source, setSource] = useState<{file: File; lines: string[] | null; error: string}>()
  useEffect(() => {
    if (!match) return
    let live = true
    readSourceLines(match.file).then(
      (lines) => live && setSource({file: match.file, lines, error: ''}),
      (e: unknown) => live && setSource({file: match.file, lines: null, error: String(e)}),
    )
    return () => {
      live = false
    }
  }, [match])
  const text = match && source?.file === match.file ? source.lines : null
  const rows = annotateRoutine(routine, text)
  let maxCum = 0
  for (const l of routine.lines) maxCum = Math.max(maxCum, Math.abs(l.cum))
  const dot = (v: number) => (v === 0 ? '.' : fmt(v))
  return (
    <article className="routine" data-name={routine.name} data-file={routine.file}>
      <h3 className="mono">
        ROUTINE ======================== {routine.name} in {routine.file}
      </h3>
      <div
        className="mono routine-totals"
        data-testid="routine-totals"
        data-flat={routine.flat}
        data-cum={routine.cum}
      >
        {fmt(routine.flat).padStart(10)} {fmt(routine.cum).padStart(10)} (flat, cum){' '}
        {formatPercent(routine.cum, total).trim()} of Total
      </div>
      <div className="muted source-status">
        {match
          ? source?.error
            ? `Could not read ${match.path}: ${source.error}`
            : `Source: ${match.path}`
          : 'No source loaded for this file: the sampled lines only.'}
      </div>
      <table className="source-table">
        <thead>
          <tr>
            <th className="num">flat</th>
            <th className="num">cum</th>
            <th className="num">line</th>
            {text && <th className="name">source</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((l) => {
            const heat = maxCum > 0 ? Math.abs(l.cum) / maxCum : 0
            return (
              <tr
                key={l.line + (l.text === null ? 'x' : '')}
                className={l.cum !== 0 || l.flat !== 0 ? 'hot' : undefined}
                style={heat > 0 ? ({'--heat': heat.toFixed(3)} as React.CSSProperties) : undefined}
                data-line={l.line}
              >
                <td className="num" data-value={l.flat}>
                  {dot(l.flat)}
                </td>
                <td className="num" data-value={l.cum}>
                  {dot(l.cum)}
                </td>
                <td className="num line-no">{l.line}</td>
                {text && <td className="code">{l.text ?? ''}</td>}
              </tr>
            )
          })}
        </tbody>
      </table>
    </article>
  )
}

/** Load source files or a folder; the files stay in the page. */
function SourcePicker() {
  const count = useSourceFiles((s) => s.files.length)
  const folder = {webkitdirectory: '', directory: ''} as Record<string, string>
  return (
    <span className="source-picker">
      <label className="button small">
        Load source files…
        <input
          type="file"
          multiple
          aria-label="Load source files"
          className="visually-hidden"
          onChange={(e) => {
            addSourceFiles(Array.from(e.currentTarget.files ?? []))
            e.currentTarget.value = ''
          }}
        />
      </label>
      <label className="button small">
        Source folder…
        <input
          type="file"
          {...folder}
          aria-label="Load source folder"
          className="visually-hidden"
          onChange={(e) => {
            addSourceFiles(Array.from(e.currentTarget.files ?? []))
            e.currentTarget.value = ''
          }}
        />
      </label>
      {count > 0 && (
        <button type="button" className="quiet small" onClick={clearSourceFiles}>
          Forget {count} source file{count === 1 ? '' : 's'}
        </button>
      )}
      <span className="muted">or drop .go files on the page</span>
    </span>
  )
}
