import {useId} from 'react'
import {setMaxDecompressedBytes} from '../store/actions'
import {DEFAULT_MAX_DECOMPRESSED_BYTES, useViewer} from '../store/store'
import {useDropDown} from './ShareMenu'
import './settings.css'

const MIB = 1024 * 1024
/** The largest limit offered: beyond it a browser tab runs out of memory anyway. */
const MAX_MIB = 8192

/**
 * The page's settings: the decompressed-size limit, which refuses gzip bombs (and profiles
 * too big for the tab) before they take the memory. Also settable with `#cap=<MiB>`.
 */
export function Settings() {
  const cap = useViewer((s) => s.maxDecompressedBytes)
  const menu = useDropDown()
  const id = useId()
  return (
    <details className="drop-down settings" ref={menu.ref}>
      <summary className="button quiet" title="Settings" aria-label="Settings">
        <span aria-hidden="true">{'\u2699\uFE0E'}</span>
      </summary>
      <div className="drop-down-panel settings-panel" role="group" aria-label="Settings">
        <label htmlFor={id}>Refuse files that inflate to more than</label>
        <div>
          <input
            id={id}
            type="number"
            min={1}
            max={MAX_MIB}
            step={1}
            aria-label="Decompressed size limit (MiB)"
            value={Math.round(cap / MIB)}
            onChange={(e) => {
              const mib = Math.floor(Number(e.target.value))
              if (mib >= 1 && mib <= MAX_MIB) setMaxDecompressedBytes(mib * MIB)
            }}
          />{' '}
          MiB
          {cap !== DEFAULT_MAX_DECOMPRESSED_BYTES && (
            <button
              type="button"
              className="quiet"
              onClick={() => setMaxDecompressedBytes(DEFAULT_MAX_DECOMPRESSED_BYTES)}
            >
              Reset to {DEFAULT_MAX_DECOMPRESSED_BYTES / MIB} MiB
            </button>
          )}
        </div>
        <p className="muted">
          A gzip bomb is refused as soon as its output passes the limit, whatever its header
          claims. The file being decoded keeps the limit it started with.
        </p>
      </div>
    </details>
  )
}
