/**
 * The one error type the decoder throws for bad input. Its message says what is wrong in plain
 * words, in pprof's terms where pprof has one ("malformed profile: sample has nil location").
 * Anything else escaping the decoder is a bug.
 */
export class ProfileError extends Error {
  override name = 'ProfileError'
}
