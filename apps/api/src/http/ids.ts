/** The ids clients choose (exams, learners, programs, components): one rule everywhere they are accepted. */
export const CLIENT_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;
export const CLIENT_ID_MESSAGE = 'must be 1–100 letters, digits or _ . : - (starting with a letter or digit)';

/**
 * Path parameters that are no ids: a wildcard, and a proof's verification code (its public route
 * answers 404 for anything that is not a code, CONTRACT.md "Proof of participation that anyone can verify").
 */
const NOT_IDS = new Set(['*', 'code']);

/**
 * Every id in a path follows the client-id rule (docs/domain.md), checked before any route runs:
 * `../../etc`, NUL or markup never reach a command, a log line or an event.
 */
export function invalidPathIds(params: unknown): Record<string, string[]> | undefined {
  if (typeof params !== 'object' || params === null) return undefined;
  const invalid = Object.entries(params).filter(
    ([name, value]) => !NOT_IDS.has(name) && !(typeof value === 'string' && CLIENT_ID.test(value)),
  );
  return invalid.length > 0 ? Object.fromEntries(invalid.map(([name]) => [name, [CLIENT_ID_MESSAGE]])) : undefined;
}
