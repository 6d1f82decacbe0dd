import {useEffect, useRef, useState} from 'react'
import {sourceOf} from '../store/sources'
import {useViewer} from '../store/store'
import {currentLink} from '../store/url-state'
import {type ExportKind, runExport} from './export/run-export'
import './share.css'

/** Puts text on the clipboard; without the Clipboard API (an http: origin) a hidden textarea. */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text)
  } catch {
    const area = document.createElement('textarea')
    area.value = text
    document.body.append(area)
    area.select()
    document.execCommand('copy')
    area.remove()
  }
}

/** A `<details>` drop-down that closes on a click elsewhere or Esc. */
export function useDropDown() {
  const ref = useRef<HTMLDetailsElement>(null)
  useEffect(() => {
    const close = (e: Event) => {
      const el = ref.current
      if (!el?.open) return
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !el.contains(e.target as Node)) {
        el.open = false
      }
    }
    document.addEventListener('pointerdown', close)
    document.addEventListener('keydown', close)
    return () => {
      document.removeEventListener('pointerdown', close)
      document.removeEventListener('keydown', close)
    }
  }, [])
  return {ref, close: () => ref.current && (ref.current.open = false)}
}

/**
 * The Export menu: "Copy link" (the URL holds the view, see store/url-state), the flame graph as
 * SVG or PNG, Top (or the diff's Top) and What changed as CSV or Markdown, and the profile's own
 * bytes as .pb.gz.
 */
export function ShareMenu() {
  const view = useViewer((s) => s.view)
  const comparing = useViewer((s) => s.base !== null)
  const [status, setStatus] = useState<string | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined)
  const menu = useDropDown()

  const say = (text: string, ms = 4000) => {
    setStatus(text)
    clearTimeout(timer.current)
    timer.current = setTimeout(() => setStatus(null), ms)
  }
  useEffect(() => () => clearTimeout(timer.current), [])

  const copyLink = async () => {
    await copyText(currentLink())
    const {profile, base} = useViewer.getState()
    const local = [profile, base].filter((p) => p && sourceOf(p).kind === 'file')
    if (local.length === 0) return say('Link copied')
    const names = local.map((p) => p!.fileName).join(' and ')
    say(`Link copied. It holds the view, not ${names} (opened from a local file): ` +
      `whoever follows it opens that file to see the view.`, 8000)
  }
  const item = (kind: ExportKind, text: string, disabled = false, title?: string) => (
    <button
      type="button"
      role="menuitem"
      disabled={disabled}
      title={title}
      onClick={() => {
        menu.close()
        runExport(kind).catch((e: unknown) =>
          say(`Export failed: ${e instanceof Error ? e.message : String(e)}`),
        )
      }}
    >
      {text}
    </button>
  )
  const noFlame = view !== 'flame'
  const flameHint = noFlame ? 'Show the flame graph to export it' : undefined
  return (
    <div className="share">
      <details className="drop-down" ref={menu.ref}>
        <summary className="button quiet" title="Copy a link to this view, or export it">
          Export
        </summary>
        <div className="drop-down-panel" role="menu" aria-label="Export">
          <button
            type="button"
            role="menuitem"
            title="The URL holds the view: sample type, zoom, search, refine, views"
            onClick={() => {
              menu.close()
              void copyLink()
            }}
          >
            Copy link
          </button>
          <hr className="menu-separator" />
          {item('flame-svg', 'Flame graph as SVG', noFlame, flameHint)}
          {item('flame-png', 'Flame graph as PNG', noFlame, flameHint)}
          {item('top-csv', comparing ? 'Top (diff) as CSV' : 'Top as CSV')}
          {item('top-md', comparing ? 'Top (diff) as Markdown' : 'Top as Markdown')}
          {comparing && item('changes-csv', 'What changed as CSV')}
          {comparing && item('changes-md', 'What changed as Markdown')}
          {item('profile', comparing ? 'Profile (current) as .pb.gz' : 'Profile as .pb.gz')}
          {comparing && item('base-profile', 'Base profile as .pb.gz')}
        </div>
      </details>
      {status && (
        <span className="share-status" role="status" data-testid="share-status">
          {status}
        </span>
      )}
    </div>
  )
}
