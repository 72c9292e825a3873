import { HttpException } from '@nestjs/common';
import { ApplicationError } from '@exam/application';
import { RuleCode, RuleViolation } from '@exam/domain';
import { AppendTooLarge, ConcurrencyConflict } from '@exam/event-store';
import { PersonErased } from '@exam/personal-data';
import { ApiError, ErrorBody, ErrorCode } from './api-error';

/** Rule codes that are not 409 workflow violations (CONTRACT.md, "Errors"). */
const RULE_STATUS: Partial<Record<RuleCode, number>> = {
  VALIDATION_FAILED: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  FILE_TOO_LARGE: 413,
};

/** The stable code for a status when a framework layer (Nest, Fastify) raised the error. */
const STATUS_CODE: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'FILE_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

/** Turns anything thrown while answering a request into CONTRACT.md's error body (a 5xx is logged by the request log). */
export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof ApiError) {
    return { statusCode: error.statusCode, code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) };
  }
  if (error instanceof RuleViolation) {
    const details = error.field ? { details: { [error.field]: [error.message] } } : {};
    return { statusCode: RULE_STATUS[error.code] ?? 409, code: error.code, message: error.message, ...details };
  }
  if (error instanceof PersonErased) return { statusCode: 409, code: 'PERSON_ERASED', message: `${error.message}; erasure is final` };
  if (error instanceof ApplicationError) return { statusCode: 409, code: error.code, message: error.message };
  if (error instanceof ConcurrencyConflict) {
    return { statusCode: 409, code: 'CONCURRENCY_CONFLICT', message: 'the exam changed while this command ran; retry' };
  }
  if (error instanceof AppendTooLarge) {
    // The request's events exceed what the event store takes in one append: too large a request, not our failure.
    return { statusCode: 413, code: 'FILE_TOO_LARGE', message: 'this request records more data than the event store accepts at once' };
  }
  const status = error instanceof HttpException ? error.getStatus() : (error as { statusCode?: unknown })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const message = error instanceof Error ? error.message : 'request refused';
    return { statusCode: status, code: STATUS_CODE[status] ?? 'REQUEST_REFUSED', message };
  }
  return { statusCode: 500, code: 'INTERNAL_ERROR', message: 'something went wrong on our side' };
}
