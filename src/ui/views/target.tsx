import {useDeferredValue, useState} from 'react'
import {exactRegexp, functionRegexp} from '../../store/refine'
import {useViewer} from '../../store/store'
import {copyText} from '../ShareMenu'

/**
 * What Peek, Source lines and Sandwich show: the selected function, else every function that
 * matches the search box's regexp.
 */
export interface Target {
  /** A Go regexp for analysis (computePeek, computeListing…). */
  pattern: string
  /** The selected function's name, or null when the pattern is the search. */
  selected: string | null
}

/**
 * The target of a view. `by`: 'node' matches the printed names of the nodes at any granularity
 * (`main.f a.go:12`), 'function' the function names (Source lines).
 */
export function useTarget(by: 'node' | 'function'): Target | null {
  const selected = useViewer((s) => s.selectedFunction)
  const search = useDeferredValue(useViewer((s) => s.search))
  if (selected !== null) {
    return {pattern: by === 'node' ? functionRegexp(selected) : exactRegexp(selected), selected}
  }
  if (search !== '') return {pattern: search, selected: null}
  return null
}

/** What a view that needs a function says without one. */
export function NoTarget({what}: {what: string}) {
  return (
    <div className="empty" data-testid="no-target">
      <p>
        Select a function to see {what}: right-click a frame of the flame graph, click a row of
        Top or of the call tree, click a node of the call graph, or type a regexp in Search.
      </p>
    </div>
  )
}

/** The target's title line: the selected function or the regexp. */
export function TargetTitle({target}: {target: Target}) {
  return target.selected !== null ? (
    <code className="target-name">{target.selected}</code>
  ) : (
    <span>
      functions matching <code className="target-name">{target.pattern}</code>
    </span>
  )
}

/**
 * A "Copy as text" button for a pprof text report, with the text also kept in a hidden
 * `<pre>` (data-testid `<testId>`) that "Show text" reveals.
 */
export function CopyText({text, testId}: {text: () => string | null; testId: string}) {
  const [shown, setShown] = useState<string | null>(null)
  const [copied, setCopied] = useState(false)
  return (
    <span className="copy-text">
      <button
        type="button"
        className="small"
        onClick={() => {
          const t = text()
          if (t === null) return
          setShown((s) => (s === null ? null : t))
          void copyText(t).then(() => {
            setCopied(true)
            setTimeout(() => setCopied(false), 2000)
          })
        }}
      >
        {copied ? 'Copied' : 'Copy as text'}
      </button>
      <button
        type="button"
        className="quiet small"
        aria-pressed={shown !== null}
        onClick={() => setShown((s) => (s === null ? text() : null))}
      >
        {shown === null ? 'Show text' : 'Hide text'}
      </button>
      {shown !== null && (
        <pre className="report-text" data-testid={testId}>
          {shown}
        </pre>
      )}
    </span>
  )
}
