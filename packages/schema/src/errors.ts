/**
 * An error the user caused (bad path, bad image, bad rule, bad config, bad request).
 * The CLI prints `message` on one line and exits with `exitCode`; the API maps it to a 4xx.
 * Anything that is not a UserError is a bug and keeps its stack trace.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    message: string,
    /** Machine-readable reason, e.g. `ENOENT`, `BAD_IMAGE`, `LIMIT`. */
    readonly code: string = 'USER_ERROR',
    readonly exitCode: number = 2,
  ) {
    super(message);
  }
}

export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError;
}
