import { refuse, RuleViolation } from './rule-violation';

describe('a rule violation', () => {
  it('carries its code, field and message, and no stack frames (it is an answer, not a fault)', () => {
    const limitBefore = Error.stackTraceLimit;
    let caught: unknown;
    try {
      refuse('VALIDATION_FAILED', 'amount must be positive', 'amount');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RuleViolation);
    const violation = caught as RuleViolation;
    expect([violation.code, violation.field, violation.message]).toEqual(['VALIDATION_FAILED', 'amount', 'amount must be positive']);
    expect(violation.stack).not.toMatch(/\n\s+at /);
    expect(Error.stackTraceLimit).toBe(limitBefore);
    expect(new Error('a fault').stack).toMatch(/\n\s+at /);
  });
});
