import type {Profile} from '../../model/profile'
import {blobOf} from '../../store/sources'
import {safeFileName} from './escape'

/** Saves a Blob as a download named `name`. */
export function downloadBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.rel = 'noopener'
  a.style.display = 'none'
  document.body.append(a)
  a.click()
  a.remove()
  // Revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 30_000)
}

/** Saves text as a download (UTF-8). */
export function downloadText(text: string, name: string, type: string): void {
  downloadBlob(new Blob([text], {type: `${type};charset=utf-8`}), name)
}

function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b
}

/**
 * The bytes a profile was opened from, gzipped (as Go writes profiles) when they were not, and
 * the name to save them under: `heap.pb.gz` stays as it is, `heap` (from /debug/pprof/heap)
 * becomes `heap.pb.gz`, a raw `cpu.pb` `cpu.pb.gz`, a `?debug=1` text profile `heap.txt.gz`
 * (pprof reads all of these). null when the page has no bytes for it.
 */
export async function profileFile(profile: Profile): Promise<{blob: Blob; name: string} | null> {
  const blob = blobOf(profile)
  if (!blob) return null
  const name = safeFileName(profile.fileName)
  let stem = name.replace(/\.gz$/i, '')
  if (profile.format === 'heap-text') {
    if (!/\.txt$/i.test(stem)) stem += '.txt'
  } else if (!/\.(pb|pprof|prof|out)$/i.test(stem)) {
    stem += '.pb'
  }
  const head = new Uint8Array(await blob.slice(0, 2).arrayBuffer())
  if (isGzip(head)) return {blob, name: /\.gz$/i.test(name) ? name : `${stem}.gz`}
  const gz = await new Response(blob.stream().pipeThrough(new CompressionStream('gzip'))).blob()
  return {blob: new Blob([gz], {type: 'application/gzip'}), name: `${stem}.gz`}
}
