import type {Profile} from '../model/profile'
import {getShownProfile} from './derived'
import {getReport} from './report'
import type {ViewerState} from './store'

/**
 * The profile the flame graph draws: the profile, or with a base its -diff_base merge (every
 * frame keeps its base and current values). Zoom keys and the flame graph's call nodes index
 * this profile; the URL (zoom by names) and the exports read it here.
 * Refined and re-grained like every view, as ui/flame-graph/FlameGraphView draws it.
 */
export function flameProfileOf(s: ViewerState): Profile | null {
  if (!s.profile) return null
  const whole = s.base ? getShownProfile(s.profile, s.base, 'diff_base', s.normalize) : s.profile
  return getReport(whole, s.refine, s.granularity).profile
}
