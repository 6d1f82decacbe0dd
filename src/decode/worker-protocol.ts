import type {Profile} from '../model/profile'
import type {CallNodeArrays, DecodeProgress} from './index'

/** Page → decode worker: one request per worker. */
export interface DecodeRequest {
  /** A Blob is read by the worker itself; an ArrayBuffer arrives as a copy. */
  input: Blob | ArrayBuffer
  fileName: string
  maxDecompressedBytes?: number
}

/** Milliseconds spent by the worker per stage. */
export interface WorkerTimings {
  readMs: number
  inflateMs: number
  decodeMs: number
  buildMs: number
  /** Groups of samples whose stack tree the helper worker built (0: all on one thread). */
  helperJobs: number
  /** All the decoding, overlapped with the inflation or not (index.ts's DecodeTimings). */
  decodeWorkMs: number
}

/** Decode worker → page. `internal` marks a bug rather than a bad file. */
export type DecodeResponse =
  | {type: 'progress'; progress: DecodeProgress}
  | {type: 'done'; profile: Profile; timings: WorkerTimings; callNodes: CallNodeArrays}
  | {type: 'error'; message: string; internal: boolean}
