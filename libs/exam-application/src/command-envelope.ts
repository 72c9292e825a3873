import { Actor } from '@exam/domain';

/** Everything about a command that is not its domain content: who, when, which request, which retry key. */
export interface CommandEnvelope {
  actor: Actor;
  now: string;
  correlationId: string;
  /** The request or event that caused this command. */
  causationId: string;
  /** CONTRACT.md "Idempotency-Key"; scoped to the actor. */
  idempotencyKey?: string;
  /** Fingerprint of the request body, to refuse a key reused with another body. */
  requestHash?: string;
}

/** The answer to every command (CONTRACT.md, "Commands"). */
export interface CommandResult {
  id: string;
  revision: number;
  position: string;
}
