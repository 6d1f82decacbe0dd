import {formatValueAuto} from '../../analysis/format'
import {funcName} from '../../model/profile'
import {getShownProfile, getTotal, shownSampleType} from '../../store/derived'
import {flameProfileOf} from '../../store/flame-profile'
import type {ViewerState} from '../../store/store'
import {safeFileName} from './escape'

/** What an exported file says about itself: its title lines and a file name stem. */
export interface ExportMeta {
  /** `heap.pb.gz · inuse_space`, or `t1.pb.gz vs base t0.pb.gz · inuse_space · diff (-base)`. */
  title: string
  /** The total, and the zoom and search when set. */
  subtitle: string
  /** A safe file name without extension: `heap-inuse_space`, `t1-vs-t0-inuse_space-diff`. */
  stem: string
  /** The sample type's name. */
  sampleType: string
  diff: boolean
}

function stemOf(fileName: string): string {
  return safeFileName(fileName.replace(/\.(pb\.gz|pb|gz|txt|prof|pprof|out)$/i, ''))
}

/** The title and names of an export of the view in `s` (a profile must be open). */
export function exportMeta(s: ViewerState): ExportMeta {
  const current = s.profile!
  const shown = getShownProfile(current, s.base, s.diffMode, s.normalize)
  const st = shownSampleType(current, shown, s.sampleType)
  const type = shown.sampleTypes[st] ?? {type: '', unit: ''}
  const parts = [current.fileName]
  let stem = stemOf(current.fileName)
  if (s.base) {
    parts[0] = `${current.fileName} vs base ${s.base.fileName}`
    stem += `-vs-${stemOf(s.base.fileName)}`
  }
  parts.push(type.type)
  stem += `-${safeFileName(type.type)}`
  if (s.base) {
    const mode = s.diffMode === 'base' ? '-base' : '-diff_base'
    parts.push(`diff (${mode}${s.normalize ? ', -normalize' : ''})`)
    stem += '-diff'
  }
  const details = [`total ${formatValueAuto(getTotal(shown, st), type.unit)}`]
  if (s.zoomPath.length > 0) {
    const key = s.zoomPath[s.zoomPath.length - 1]
    details.push(`zoomed to ${funcName(flameProfileOf(s)!, key >> 1)}`)
  }
  if (s.search !== '') details.push(`search /${s.search}/`)
  return {
    title: parts.join(' · '),
    subtitle: details.join(' · '),
    stem,
    sampleType: type.type,
    diff: s.base !== null,
  }
}
