import {dismissError} from '../store/actions'
import {useViewer} from '../store/store'

/** The last failed load: which file and what is wrong. The view behind it is untouched. */
export function ErrorBanner() {
  const error = useViewer((s) => s.error)
  if (!error) return null
  return (
    <div className="error-banner" role="alert">
      <span>
        Could not open <strong>{error.fileName}</strong>: {error.message}
      </span>
      <button type="button" className="quiet" aria-label="Dismiss error" onClick={dismissError}>
        ×
      </button>
    </div>
  )
}
