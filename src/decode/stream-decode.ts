import {ProfileError} from './errors'
import {isGzip} from './gunzip'
import {isHeapText} from './index'
import {trailerSizeHint} from './inflate-native'
import {ProtobufStream} from './protobuf-stream'
import type {RawProfile} from './raw'
import type {Inflated, StackHelper} from './stack-helper'

/** What is read of the inflated data to tell what it is (sniff.ts and isHeapText read no more). */
const HEAD_BYTES = 4096

/**
 * What streamInflate made of a gzipped file:
 * - `parsed`: the stack helper inflated it while this thread parsed it as protobuf; `finish`
 *   ends the parse (it throws what decodeProtobuf would have thrown, at any point of the data);
 * - `inflated`: not parsed (gzip again, Go's heap text, or under 4 KiB): the first level's
 *   data, as inflateNative would have given it;
 * - `refused`: the platform could not inflate it (inflateNative's null);
 * - `failed`: the helper failed; it is not used again.
 * The timings are in this thread's performance.now() time.
 */
export type Streamed =
  | {
      kind: 'parsed'
      finish: () => RawProfile
      /** The data's first 4 KiB, to name what it is when it is not a profile (sniff.ts). */
      head: Uint8Array
      started: number
      /** When the helper had inflated everything. */
      inflated: number
      /** Time spent parsing so far. */
      parseMs: number
      /** Bytes parsed so far, and inflated. */
      parsed: number
      total: number
    }
  | {kind: 'inflated'; data: Uint8Array}
  | {kind: 'refused'}
  | {kind: 'failed'}

/**
 * Inflates a gzipped file in the stack helper (DecompressionStream works on the calling
 * thread, so inflating here would not overlap with parsing) and parses its pieces here as they
 * come (ProtobufStream), unless the first 4 KiB are gzip or text: those are kept whole for
 * decodeInflated. `onProgress(done, total)` counts compressed bytes inflated and parsed. Over
 * `maxBytes`, rejects with gunzip.ts's ProfileError, as inflateNative does, as soon as the
 * helper says so, however many pieces are still to parse (a bomb is not parsed to the end).
 */
export async function streamInflate(
  blob: Blob,
  helper: StackHelper,
  maxBytes: number,
  onProgress: (done: number, total: number) => void,
): Promise<Streamed> {
  const started = performance.now()
  const sink = new Sink(await streamSizeHint(blob, maxBytes), maxBytes)
  const pieces = new Pieces()
  helper.inflate(blob, maxBytes, pieces.put).then(pieces.end, pieces.fail)
  let end: Inflated
  try {
    for (let piece = await pieces.next(); piece; piece = await pieces.next()) {
      sink.add(piece.bytes)
      onProgress(piece.read, blob.size)
    }
    end = pieces.ended!
  } catch (e) {
    if (e instanceof ProfileError) throw e // over the cap
    return {kind: 'failed'}
  } finally {
    pieces.close()
  }
  if (!end.ok) return {kind: 'refused'}
  if (sink.stream === null && sink.error === undefined) return {kind: 'inflated', data: sink.data()}
  return {
    kind: 'parsed',
    finish: () => sink.finish(),
    head: sink.head,
    started,
    inflated: Math.min(Math.max(started, end.endedAt), performance.now()),
    parseMs: sink.parseMs,
    parsed: sink.stream?.parsed ?? 0,
    total: sink.received,
  }
}

/**
 * The helper's pieces in order, and how its inflation ended. next() lets the thread take its
 * messages first (one task), so that the end of the inflation is seen while pieces still wait:
 * a refusal or a failure ends the stream at once, pieces left or not.
 */
class Pieces {
  ended: Inflated | null = null
  private queue: {bytes: Uint8Array; read: number}[] = []
  private failure: unknown = undefined
  private wake: (() => void) | null = null
  private channel = new MessageChannel()

  put = (bytes: Uint8Array, read: number): void => {
    this.queue.push({bytes, read})
    this.poke()
  }

  end = (inflated: Inflated): void => {
    this.ended = inflated
    this.poke()
  }

  fail = (e: unknown): void => {
    this.failure = e
    this.poke()
  }

  /** The next piece; null at the end (or the refusal) of the inflation. Throws its failure. */
  async next(): Promise<{bytes: Uint8Array; read: number} | null> {
    await this.nextTask()
    for (;;) {
      if (this.failure !== undefined) throw this.failure
      if (this.ended && !this.ended.ok) return null
      const piece = this.queue.shift()
      if (piece) return piece
      if (this.ended) return null
      await new Promise<void>((resolve) => (this.wake = resolve))
    }
  }

  close(): void {
    this.channel.port1.close()
    this.queue = []
  }

  private poke(): void {
    const wake = this.wake
    this.wake = null
    wake?.()
  }

  /** Resolves after the messages already queued for this thread (a task, not a microtask). */
  private nextTask(): Promise<void> {
    return new Promise((resolve) => {
      this.channel.port1.onmessage = () => resolve()
      this.channel.port2.postMessage(null)
    })
  }
}

/**
 * The size to presize the parse's tables for: the gzip trailer's when believable, else a guess
 * from the compressed size; never more than 8 times the compressed size (a forged trailer
 * reserves nothing big; the tables grow when they must).
 */
async function streamSizeHint(blob: Blob, maxBytes: number): Promise<number> {
  return Math.min(await trailerSizeHint(blob, maxBytes), blob.size * 8)
}

/**
 * Where the helper's pieces go: the first 4 KiB are gathered to tell what the data is; then
 * protobuf is parsed piece by piece, anything else is gathered whole. The first parse error
 * stops the parse and is kept: it counts only if the platform inflates the whole file (else
 * fflate decides, from the bytes), and only unless the data is over the cap.
 */
class Sink {
  stream: ProtobufStream | null = null
  error: unknown = undefined
  head = new Uint8Array(0)
  received = 0
  parseMs = 0
  private gathered: Uint8Array | null
  private sniffing = true

  constructor(
    private sizeHint: number,
    private maxBytes: number,
  ) {
    this.gathered = new Uint8Array(Math.min(sizeHint, HEAD_BYTES * 16))
  }

  add(bytes: Uint8Array): void {
    this.received += bytes.length
    if (this.stream) return this.push(bytes)
    if (this.error !== undefined) return
    this.gather(bytes)
    if (this.sniffing && this.received >= HEAD_BYTES) this.sniff()
  }

  /** Everything gathered (when nothing was parsed). */
  data(): Uint8Array {
    return this.gathered!.subarray(0, this.received)
  }

  /** Ends the parse: the RawProfile, or the parse's error. */
  finish(): RawProfile {
    if (this.error !== undefined) throw this.error
    const t = performance.now()
    try {
      return this.stream!.finish()
    } finally {
      this.parseMs += performance.now() - t
    }
  }

  /** Protobuf is parsed from here on; gzip again and text are gathered for decodeInflated. */
  private sniff(): void {
    this.sniffing = false
    const all = this.data()
    const head = all.subarray(0, HEAD_BYTES)
    if (isGzip(head) || isHeapText(head)) return
    this.head = head.slice()
    this.gathered = null
    this.stream = new ProtobufStream(this.sizeHint)
    this.push(all)
  }

  private push(bytes: Uint8Array): void {
    const t = performance.now()
    try {
      this.stream!.push(bytes)
    } catch (e) {
      this.error = e
      this.stream = null
    }
    this.parseMs += performance.now() - t
  }

  /** Appends to the gathered bytes, doubling the buffer as inflateNative does. */
  private gather(bytes: Uint8Array): void {
    let buf = this.gathered!
    const n = this.received - bytes.length
    if (this.received > buf.length) {
      const wanted = this.sniffing ? this.received : Math.max(this.sizeHint, this.received)
      const bigger = new Uint8Array(Math.min(this.maxBytes, Math.max(buf.length * 2, wanted)))
      bigger.set(buf.subarray(0, n))
      this.gathered = buf = bigger
    }
    buf.set(bytes, n)
  }
}
