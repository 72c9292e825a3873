/**
 * A command that breaks an exam rule. `code` is the stable code of CONTRACT.md
 * ("Errors"); the HTTP layer maps it to a status, the domain never knows about HTTP.
 */
export const RULE_CODES = [
  // CONTRACT.md, 409 workflow codes
  'SAMPLE_NOT_APPROVED',
  'XP_INSUFFICIENT',
  'EARLY_RELEASE_NOT_ALLOWED',
  'EXAM_NOT_RELEASED',
  'EXAM_NOT_IN_PROGRESS',
  'ALREADY_HANDED_IN',
  'NO_FILES',
  'ACCESS_INACTIVE',
  'TRIAL_ALREADY_USED',
  'NOT_HANDED_IN',
  'ALREADY_ASSESSED',
  'GRADE_SCALE_MISMATCH',
  'NEXT_PART_NOT_AVAILABLE',
  'RESIT_NOT_ALLOWED',
  'REOPEN_NOT_ALLOWED',
  'REQUEST_NOT_OPEN',
  'ALREADY_PASSED',
  'NOT_PASSED',
  'NO_ASSESSOR',
  // Added by this project (docs/domain.md lists when each is used)
  'EXAM_ALREADY_REGISTERED',
  'SAMPLE_ALREADY_IN_REVIEW',
  'SAMPLE_NOT_IN_REVIEW',
  'NO_SAMPLE_FEEDBACK',
  'EXAM_ALREADY_RELEASED',
  'EXAM_ALREADY_STARTED',
  'NEXT_PART_ALREADY_INVITED',
  'FILE_NOT_STORED',
  'PERSON_ERASED',
  // Not workflow rules, but decided from state all the same
  'FILE_TOO_LARGE',
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'FORBIDDEN',
] as const;

export type RuleCode = (typeof RULE_CODES)[number];

/**
 * An answer, not a fault: it carries no stack trace. Capturing one was 6% of the CPU of GraphQL
 * `exam(id)`, whose `canHandIn` is a dry run of the hand-in that usually refuses.
 */
export class RuleViolation extends Error {
  constructor(
    readonly code: RuleCode,
    message: string,
    /** For VALIDATION_FAILED: the request field at fault. */
    readonly field?: string,
  ) {
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(message);
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
    this.name = 'RuleViolation';
  }
}

export function refuse(code: RuleCode, message: string, field?: string): never {
  throw new RuleViolation(code, message, field);
}
