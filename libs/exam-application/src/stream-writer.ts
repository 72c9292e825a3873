import { randomUUID } from 'node:crypto';
import { chainHash, GENESIS_HASH } from '@exam/audit';
import { DomainEvent } from '@exam/domain';
import { ConcurrencyConflict, EventMetadata, EventStore, NewEvent, RecordedEvent } from '@exam/event-store';
import { ApplicationError } from './application-error';
import { CommandEnvelope, CommandResult } from './command-envelope';
import { deterministicUuid } from './deterministic-id';

export const SCHEMA_VERSION = 1;
const MAX_ATTEMPTS = 5;

export interface StreamDecision<State> {
  stream: string;
  /** The aggregate id answered to the client. */
  id: string;
  initialState: () => State;
  evolve: (state: State, event: never) => State;
  /** Decides against the current state; throws a RuleViolation to refuse. May be async to look up facts. */
  decide: (state: State, history: RecordedEvent[]) => DomainEvent[] | Promise<DomainEvent[]>;
  /** Exam streams carry the audit hash chain (CONTRACT.md, "Audit"). */
  hashChain: boolean;
}

export interface WriteOutcome extends CommandResult {
  /** The events this command wrote, or the first answer's event for an idempotent retry. */
  events: DomainEvent[];
}

/**
 * The one way commands change state: read the stream, fold, decide, append with the revision
 * just read. A conflict means another command won the race; we re-read and decide again, which
 * re-checks every rule (so a second hand-in is refused, never written twice).
 */
export class StreamWriter {
  constructor(private readonly store: EventStore) {}

  async execute<State>(decision: StreamDecision<State>, envelope: CommandEnvelope): Promise<WriteOutcome> {
    for (let attempt = 1; ; attempt++) {
      const earlier = await this.earlierAnswer(decision, envelope);
      if (earlier) return earlier;

      const history = await this.store.readStream(decision.stream);
      const evolve = decision.evolve as (s: State, e: DomainEvent) => State;
      const state = history.reduce((s, e) => evolve(s, e), decision.initialState());
      const decided = await decision.decide(state, history);
      const last = history.at(-1);
      if (decided.length === 0) {
        // Nothing to record (e.g. feedback already viewed): answer where the stream stands.
        return { id: decision.id, revision: last?.revision ?? -1, position: last?.position ?? '0', events: [] };
      }
      const events = this.toNewEvents(decided, decision, envelope, last);
      try {
        const result = await this.store.append(decision.stream, events, last ? last.revision : 'no_stream');
        // A racing twin with the same Idempotency-Key stored first: answer with what it stored
        // (and refuse when it carried another body), never with our unstored events.
        if (result.deduplicated) return (await this.earlierAnswer(decision, envelope))!;
        return { id: decision.id, revision: result.revision, position: result.position, events };
      } catch (error) {
        if (!(error instanceof ConcurrencyConflict)) throw error;
        if (attempt >= MAX_ATTEMPTS) {
          throw new ApplicationError('CONCURRENCY_CONFLICT', 'the exam changed while this command ran; retry');
        }
      }
    }
  }

  /** An idempotent retry: the first event of the batch is already stored under the key's derived id. */
  private async earlierAnswer<State>(decision: StreamDecision<State>, envelope: CommandEnvelope): Promise<WriteOutcome | undefined> {
    if (!envelope.idempotencyKey) return undefined;
    const first = await this.store.findEvent(this.eventId(envelope, 0));
    if (!first) return undefined;
    if (first.metadata.requestHash !== envelope.requestHash || first.stream !== decision.stream) {
      throw new ApplicationError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used for another request');
    }
    return { id: decision.id, revision: first.revision, position: first.position, events: [first] };
  }

  private eventId(envelope: CommandEnvelope, index: number): string {
    return envelope.idempotencyKey ? deterministicUuid(envelope.actor.id, envelope.idempotencyKey, String(index)) : randomUUID();
  }

  private toNewEvents<State>(
    decided: DomainEvent[],
    decision: StreamDecision<State>,
    envelope: CommandEnvelope,
    last: RecordedEvent | undefined,
  ): NewEvent[] {
    let prevHash = (last?.metadata.hash as string | undefined) ?? GENESIS_HASH;
    let revision = (last?.revision ?? -1) + 1;
    return decided.map((event, index) => {
      const metadata: EventMetadata = {
        actorId: envelope.actor.id,
        actorRole: envelope.actor.role,
        occurredAt: envelope.now,
        correlationId: envelope.correlationId,
        causationId: envelope.causationId,
        schemaVersion: SCHEMA_VERSION,
        ...(envelope.idempotencyKey ? { idempotencyKey: envelope.idempotencyKey, requestHash: envelope.requestHash } : {}),
      };
      const data = JSON.parse(JSON.stringify(event.data)) as Record<string, unknown>; // drop undefined members, as stored
      if (decision.hashChain) {
        const hash = chainHash(prevHash, { type: event.type, data, metadata, revision });
        Object.assign(metadata, { prevHash, hash });
        prevHash = hash;
      }
      revision++;
      return { id: this.eventId(envelope, index), type: event.type, data, metadata };
    });
  }
}
