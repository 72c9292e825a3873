/** Errors the application layer raises itself (the domain raises RuleViolation). */
export const APPLICATION_ERROR_CODES = ['CONCURRENCY_CONFLICT', 'IDEMPOTENCY_KEY_REUSED'] as const;
export type ApplicationErrorCode = (typeof APPLICATION_ERROR_CODES)[number];

export class ApplicationError extends Error {
  constructor(
    readonly code: ApplicationErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApplicationError';
  }
}
