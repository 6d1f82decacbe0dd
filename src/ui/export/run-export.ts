import {whatChanged, toMarkdown} from '../../analysis/diff-changes'
import {funcName} from '../../model/profile'
import {getCallNodeTable, getShownProfile, shownSampleType} from '../../store/derived'
import {flameProfileOf} from '../../store/flame-profile'
import {useViewer} from '../../store/store'
import {readFlameBoxes} from '../flame-graph/flame-boxes'
import {downloadBlob, downloadText, profileFile} from './download'
import {exportMeta} from './export-meta'
import {flamePng, flameSvg} from './flame-export'
import {changesCsv, topCsv, topMarkdown} from './table-export'

/** What the Export menu offers; each one saves a file of the current view. */
export type ExportKind =
  | 'flame-svg'
  | 'flame-png'
  | 'top-csv'
  | 'top-md'
  | 'changes-csv'
  | 'changes-md'
  | 'profile'
  | 'base-profile'

/** Makes and downloads one export of the current view. Throws with a message when it cannot. */
export async function runExport(kind: ExportKind): Promise<void> {
  const s = useViewer.getState()
  const current = s.profile
  if (!current) throw new Error('no profile is open')
  const meta = exportMeta(s)
  if (kind === 'flame-svg' || kind === 'flame-png') {
    const drawn = readFlameBoxes()
    if (!drawn) throw new Error('the flame graph is not on screen')
    const title = {title: meta.title, subtitle: meta.subtitle}
    if (kind === 'flame-png') {
      return downloadBlob(await flamePng(drawn, title), `${meta.stem}-flame.png`)
    }
    // Node indexes are the drawn profile's.
    const flame = flameProfileOf(s)!
    const table = getCallNodeTable(flame)
    const svg = flameSvg(drawn, title, (node) => funcName(flame, table.func[node]))
    return downloadText(svg, `${meta.stem}-flame.svg`, 'image/svg+xml')
  }
  if (kind === 'top-csv' || kind === 'top-md') {
    const shown = getShownProfile(current, s.base, s.diffMode, s.normalize)
    const st = shownSampleType(current, shown, s.sampleType)
    if (kind === 'top-csv') {
      return downloadText(topCsv(shown, st, s.topSort), `${meta.stem}-top.csv`, 'text/csv')
    }
    const md = topMarkdown(shown, st, s.topSort, meta.title)
    return downloadText(md, `${meta.stem}-top.md`, 'text/markdown')
  }
  if (kind === 'changes-csv' || kind === 'changes-md') {
    if (!s.base) throw new Error('there is no base to compare with')
    const limit = kind === 'changes-csv' ? Infinity : 15
    const summary = whatChanged(current, s.base, s.sampleType, {normalize: s.normalize, limit})
    if (kind === 'changes-csv') {
      return downloadText(changesCsv(summary), `${meta.stem}-changes.csv`, 'text/csv')
    }
    const md = toMarkdown(summary, {baseName: s.base.fileName, currentName: current.fileName})
    return downloadText(md, `${meta.stem}-changes.md`, 'text/markdown')
  }
  const target = kind === 'base-profile' ? s.base : current
  const file = target && (await profileFile(target))
  if (!file) throw new Error('the page does not have the bytes of this profile')
  downloadBlob(file.blob, file.name)
}
