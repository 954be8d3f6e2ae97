/** A user-caused API failure with its HTTP status; the error handler answers `{"error": message}`. */
import { UserError } from '@vigil/schema';

export class ApiError extends UserError {
  constructor(
    readonly status: number,
    message: string,
    /** Seconds, for 429/503. */
    readonly retryAfter?: number,
  ) {
    super(message, `HTTP_${status}`);
  }
}

export const notFound = (what: string) => new ApiError(404, `${what} not found`);
