import {useDeferredValue} from 'react'
import {formatPercent, formatValueAuto} from '../analysis/format'
import {setSearch} from '../store/actions'
import {focusOnSearch} from '../store/refine'
import {getSearch, getTotal} from '../store/derived'
import {useShown} from '../store/shown'
import {useViewer} from '../store/store'

/** The regex search box, with the matched total (each sample counted once) beside it. */
export function SearchBox() {
  const search = useViewer((s) => s.search)
  return (
    <div className="search">
      <input
        type="search"
        aria-label="Search"
        placeholder="Search, e.g. json|Sprintf"
        value={search}
        spellCheck={false}
        onChange={(e) => setSearch(e.target.value)}
        title="A regular expression, e.g. json|Sprintf. Enter: focus on the matches (pprof's focus)"
        onKeyDown={(e) => {
          // Enter focuses the profile on the matches, as in pprof's web UI.
          if (e.key === 'Enter') focusOnSearch(search)
          if (e.key === 'Escape') {
            setSearch('')
            e.currentTarget.blur()
          }
        }}
      />
      <SearchSummary />
    </div>
  )
}

function SearchSummary() {
  const shown = useShown()
  const search = useDeferredValue(useViewer((s) => s.search))
  if (!shown || search === '') return null
  const {profile, sampleType} = shown
  const state = getSearch(profile, sampleType, search)
  if (state.error) {
    return (
      <span className="search-summary search-error" data-testid="search-error">
        {state.error}
      </span>
    )
  }
  if (!state.matches) return null
  const total = getTotal(profile, sampleType)
  const unit = profile.sampleTypes[sampleType].unit
  const matched = state.matches.matchedTotal
  return (
    <span className="search-summary" data-testid="search-summary" data-value={matched}>
      {matched === 0 && state.matches.matchedFuncs === 0
        ? 'no function matches'
        : `matched ${formatValueAuto(matched, unit)} (${formatPercent(matched, total).trim()})`}
    </span>
  )
}
