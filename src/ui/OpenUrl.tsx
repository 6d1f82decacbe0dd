import {useState} from 'react'
import {openFile} from '../store/actions'
import {useViewer} from '../store/store'
import {navigateToUrls, useLinkNote} from '../store/url-state'
import {useDropDown} from './ShareMenu'
import './share.css'

/**
 * Open a profile by URL, like a `#url=` link: the profile URL and, for a comparison, a base
 * URL. The address goes into the page's URL, so the result can be shared with "Copy link".
 */
export function OpenUrlForm({onDone}: {onDone?: () => void}) {
  const hasProfile = useViewer((s) => s.profile !== null)
  const [url, setUrl] = useState('')
  const [base, setBase] = useState('')
  return (
    <form
      className="open-url"
      aria-label="Open a profile by URL"
      onSubmit={(e) => {
        e.preventDefault()
        const u = url.trim()
        const b = base.trim()
        if (!u && !(hasProfile && b)) return
        navigateToUrls(u, b)
        onDone?.()
      }}
    >
      <input
        type="text"
        inputMode="url"
        aria-label="Profile URL"
        placeholder="http://localhost:6060/debug/pprof/heap"
        spellCheck={false}
        value={url}
        onChange={(e) => setUrl(e.target.value)}
      />
      <input
        type="text"
        inputMode="url"
        aria-label="Base URL"
        placeholder="base profile URL (optional, to compare)"
        spellCheck={false}
        value={base}
        onChange={(e) => setBase(e.target.value)}
      />
      <button type="submit">Open URL</button>
      <p className="muted open-url-hint">
        The server must allow this page to read it (CORS). For a Go server on your machine,{' '}
        <code>npm start -- http://localhost:6060/debug/pprof/heap</code> fetches it for you.
      </p>
    </form>
  )
}

/**
 * The toolbar's ▾ beside Open…: the other ways to open, so that the toolbar stays one row. A
 * base profile to compare with (pprof -base; also by dropping it on the page's "drop base
 * here" half) and the Open URL form.
 */
export function OpenMenu() {
  const menu = useDropDown()
  return (
    <details className="drop-down open-menu" ref={menu.ref}>
      <summary
        className="button"
        aria-label="More ways to open"
        title="Open a base profile to compare with, or a profile by URL"
      />
      <div className="drop-down-panel wide open-menu-panel">
        <div className="open-base">
          <label className="button open-button">
            Open base…
            <input
              type="file"
              aria-label="Open base profile"
              className="visually-hidden"
              onChange={(e) => {
                const file = e.currentTarget.files?.[0]
                if (file) void openFile(file, file.name, true)
                e.currentTarget.value = ''
                menu.close()
              }}
            />
          </label>
          <span className="muted">compare with an earlier snapshot (pprof -base)</span>
        </div>
        <OpenUrlForm onDone={menu.close} />
      </div>
    </details>
  )
}

/**
 * Said when a link's view waits for a profile opened from a local file: on the welcome page for
 * the profile (and its base), above the view for a base alone.
 */
export function LinkNote() {
  const waiting = useLinkNote((s) => s.waitingFor)
  if (!waiting) return null
  if (!waiting.file) {
    return (
      <p className="link-note" role="note" data-testid="link-note">
        This link compares with <strong>{waiting.base}</strong>, opened from a local file: a
        link cannot carry the file. Open it with <em>Open… ▾ Open base…</em> to see the
        comparison.
      </p>
    )
  }
  const names = [waiting.file, waiting.base].filter(Boolean) as string[]
  return (
    <p className="link-note" role="note" data-testid="link-note">
      This link shows a view of <strong>{names.join(' and ')}</strong>, opened from a local file:
      a link cannot carry the file. Open {names.length > 1 ? 'them' : 'it'} here (drop or{' '}
      <em>Open…</em>) to see the view.
    </p>
  )
}
