import {useMemo} from 'react'
import type {Profile} from '../../model/profile'
import {functionRegexp, selectFunction} from '../../store/refine'
import {functionNameOf} from '../../store/report'
import {useViewer} from '../../store/store'
import {onFunctionContextMenu} from './FunctionMenu'

/** The selection as a table of the shown profile (Top) takes part in it: by printed name. */
export interface RowSelection {
  /** Is the row of this printed name (`main.f`, `main.f a.go:12`) the selected function's? */
  isSelected: (name: string) => boolean
  /** A click on a row: select its function. */
  select: (name: string) => void
  /** A right-click on a row: the function menu. */
  menu: (e: React.MouseEvent, name: string) => void
}

/** Row selection for a table of `profile`'s nodes. */
export function useRowSelection(profile: Profile): RowSelection {
  const selected = useViewer((s) => s.selectedFunction)
  return useMemo(() => {
    const re = selected === null ? null : new RegExp(functionRegexp(selected))
    return {
      isSelected: (name) => re !== null && re.test(name),
      select: (name) => selectFunction(functionNameOf(profile, name)),
      menu: (e, name) => onFunctionContextMenu(e, functionNameOf(profile, name)),
    }
  }, [profile, selected])
}

/** "Active filters:" and one indented line per filter, as pprof's legend prints them. */
export function activeFilterLines(filters: readonly string[]): string[] {
  return filters.length === 0 ? [] : ['Active filters:', ...filters.map((f) => '   ' + f)]
}
