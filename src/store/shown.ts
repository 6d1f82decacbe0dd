import type {Profile} from '../model/profile'
import {getShownProfile, shownSampleType} from './derived'
import {useViewer} from './store'

export interface Shown {
  /** What the views show: the profile, or its comparison with the base. */
  profile: Profile
  /** The selected sample type, as an index into `profile.sampleTypes`. */
  sampleType: number
  /** The profile and base as opened, when comparing. */
  current: Profile
  base: Profile | null
}

/** The shown profile and sample type, for components; null before any profile is open. */
export function useShown(): Shown | null {
  const current = useViewer((s) => s.profile)
  const base = useViewer((s) => s.base)
  const sampleType = useViewer((s) => s.sampleType)
  const mode = useViewer((s) => s.diffMode)
  const normalize = useViewer((s) => s.normalize)
  if (!current) return null
  const profile = getShownProfile(current, base, mode, normalize)
  return {profile, sampleType: shownSampleType(current, profile, sampleType), current, base}
}
