import { APPLICATION_ERROR_CODES } from '@exam/application';
import { RULE_CODES } from '@exam/domain';

/**
 * Every `code` an error body can carry: the domain's rule codes, the write path's, and those the
 * HTTP layer adds. The API docs publish this list as the enum of ErrorBody.code, so a typed client
 * can switch on it; the type keeps the server from answering a code the list does not have.
 */
export const ERROR_CODES = [
  ...RULE_CODES,
  ...APPLICATION_ERROR_CODES,
  'UNAUTHENTICATED',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'PROJECTION_LAGGING',
  'SERVICE_UNAVAILABLE',
  // 410: a download of an erased learner's file or proof (CONTRACT.md "People and personal data")
  'ERASED',
  // health/ready's failure (beside Terminus' own body)
  'NOT_READY',
  // Fallbacks for a refusal a framework layer raised with a status the mapping does not name
  'CONFLICT',
  'REQUEST_REFUSED',
  'INTERNAL_ERROR',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** An error answered as CONTRACT.md's error body: `{ statusCode, code, message, details? }`. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, string[]>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  details?: Record<string, string[]>;
}
