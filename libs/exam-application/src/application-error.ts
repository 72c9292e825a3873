/** Errors the application layer raises itself (the domain raises RuleViolation). */
export type ApplicationErrorCode = 'CONCURRENCY_CONFLICT' | 'IDEMPOTENCY_KEY_REUSED';

export class ApplicationError extends Error {
  constructor(
    readonly code: ApplicationErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApplicationError';
  }
}
