import type {Profile} from '../model/profile'
import {sameSource, type UrlSource} from './url-format'

/**
 * Where each open profile came from, and the bytes it was decoded from (the model keeps no
 * protobuf: "Export .pb.gz" downloads these bytes). Keyed by identity, so a swap or a cleared
 * base needs no bookkeeping and a profile let go takes its bytes along.
 */

const blobs = new WeakMap<Profile, Blob>()
const sources = new WeakMap<Blob, UrlSource>()
// Recently opened files and downloads, so that back and forward can reopen a profile that has
// no URL (a local file). File objects are references to the disk, not copies.
const recent: {source: UrlSource; blob: Blob; name: string}[] = []
const RECENT_MAX = 8

/** Records the bytes a profile was decoded from (called by openFile). */
export function rememberBlob(profile: Profile, blob: Blob): void {
  blobs.set(profile, blob)
  const source = sourceOf(profile)
  const i = recent.findIndex((r) => sameSource(r.source, source))
  if (i >= 0) recent.splice(i, 1)
  recent.unshift({source, blob, name: profile.fileName})
  if (recent.length > RECENT_MAX) recent.pop()
}

/** The bytes a profile was decoded from, or null (a comparison's merged profile, a test). */
export function blobOf(profile: Profile): Blob | null {
  return blobs.get(profile) ?? null
}

/** Marks bytes as fetched from a URL or as the bundled sample, before they are opened. */
export function markSource(blob: Blob, source: UrlSource): void {
  sources.set(blob, source)
}

/** Where a profile came from: a URL, the sample, or else a local file of its name. */
export function sourceOf(profile: Profile): UrlSource {
  const blob = blobs.get(profile)
  return (blob && sources.get(blob)) || {kind: 'file', name: profile.fileName}
}

/** Bytes opened earlier in this page from that source and their name, if still remembered. */
export function recentBlob(source: UrlSource): {blob: Blob; name: string} | null {
  return recent.find((r) => sameSource(r.source, source)) ?? null
}
