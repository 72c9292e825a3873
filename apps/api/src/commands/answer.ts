import { CommandResult, WriteOutcome } from '@exam/application';

/** Strips a write outcome down to the public answer. */
export function answer({ id, revision, position }: WriteOutcome): CommandResult {
  return { id, revision, position };
}
