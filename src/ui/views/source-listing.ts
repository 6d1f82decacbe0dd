import type {Routine} from '../../analysis/lines'

/** One row of an annotated listing: a source line with its cost (0 when not sampled). */
export interface AnnotatedLine {
  line: number
  flat: number
  cum: number
  /** The source text; null without source. */
  text: string | null
}

/** pprof's margin: lines shown before the first and after the last sampled line. */
export const SOURCE_MARGIN = 5

/**
 * The rows of a routine: without source its sampled lines; with source, like `pprof -list`,
 * every line from the first sampled line − 5 to the last + 5 (pprof starts at the function's
 * start line when the profile has it; the model does not keep it), clamped to the file.
 */
export function annotateRoutine(routine: Routine, source: readonly string[] | null): AnnotatedLine[] {
  const sampled = routine.lines.filter((l) => l.line > 0)
  if (!source || sampled.length === 0) {
    return routine.lines.map((l) => ({...l, text: null}))
  }
  const byLine = new Map(sampled.map((l) => [l.line, l]))
  // A trailing newline leaves an empty last element: not a line of the file.
  const length = source.length > 0 && source[source.length - 1] === '' ? source.length - 1 : source.length
  const lo = Math.max(1, sampled[0].line - SOURCE_MARGIN)
  const hi = Math.min(length, sampled[sampled.length - 1].line + SOURCE_MARGIN)
  const rows: AnnotatedLine[] = []
  for (let n = lo; n <= hi; n++) {
    const cost = byLine.get(n)
    rows.push({line: n, flat: cost?.flat ?? 0, cum: cost?.cum ?? 0, text: source[n - 1] ?? ''})
  }
  // Sampled lines past the end of the file (a different version of it) still show.
  for (const l of sampled) if (l.line > hi) rows.push({...l, text: null})
  return rows
}
