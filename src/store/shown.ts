import type {Profile} from '../model/profile'
import {getShownProfile, getTotal, shownSampleType} from './derived'
import {getReport} from './report'
import {useViewer} from './store'

export interface Shown {
  /**
   * What the views show: the profile, or its comparison with the base, refined and aggregated
   * to the granularity (store/report).
   */
  profile: Profile
  /** The selected sample type, as an index into `profile.sampleTypes`. */
  sampleType: number
  /** The profile and base as opened, when comparing. */
  current: Profile
  base: Profile | null
  /** `profile` before refine and granularity. */
  unrefined: Profile
  /** Refined, at functions granularity (what the Source lines view takes). */
  refined: Profile
  /** pprof's report total: of the whole profile, not of the refined one. */
  total: number
  /** pprof's "Active filters" entries and its warnings ("Focus expression matched no samples"). */
  filters: string[]
  warnings: string[]
  /** A refine regexp that does not compile; the views then show the profile unrefined. */
  refineError: string | null
}

/** The shown profile and sample type, for components; null before any profile is open. */
export function useShown(): Shown | null {
  const current = useViewer((s) => s.profile)
  const base = useViewer((s) => s.base)
  const sampleType = useViewer((s) => s.sampleType)
  const mode = useViewer((s) => s.diffMode)
  const normalize = useViewer((s) => s.normalize)
  const refine = useViewer((s) => s.refine)
  const granularity = useViewer((s) => s.granularity)
  if (!current) return null
  const unrefined = getShownProfile(current, base, mode, normalize)
  const report = getReport(unrefined, refine, granularity)
  const type = shownSampleType(current, unrefined, sampleType)
  return {
    profile: report.profile,
    sampleType: type,
    current,
    base,
    unrefined,
    refined: report.refined,
    total: getTotal(unrefined, type),
    filters: report.filters,
    warnings: report.warnings,
    refineError: report.error,
  }
}
