export const USAGE: string
export class UsageError extends Error {}
export interface LaunchArgs {
  profile: string | null
  base: string | null
  port: number | null
  open: boolean
  build: boolean
  help: boolean
}
export function isUrl(s: string): boolean
export function parseArgs(argv: string[]): LaunchArgs
export function hashValue(v: string): string
export function nameFromUrl(url: string): string
