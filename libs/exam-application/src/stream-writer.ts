import { randomUUID } from 'node:crypto';
import { chainHash, GENESIS_HASH } from '@exam/audit';
import { Decider, DomainEvent } from '@exam/domain';
import { aggregateIdOf, categoryOf, ConcurrencyConflict, EventMetadata, EventStore, eventsOf, NewEvent } from '@exam/event-store';
import { ApplicationError } from './application-error';
import { CommandEnvelope, CommandResult } from './command-envelope';
import { deterministicUuid } from './deterministic-id';
import { FoldedStreams, StreamTip } from './folded-streams';

export const SCHEMA_VERSION = 1;
const MAX_ATTEMPTS = 5;

/** CONTRACT.md "Audit": exam streams carry the per-exam hash chain. */
const HASH_CHAINED_CATEGORIES = new Set(['exam']);

/**
 * The command, or how to build it from the stream's current state: a slice looks up the facts the
 * rules need (access, program, stored files) and checks scope there. Built again after a conflict.
 */
export type CommandFrom<State, Command> = Command | ((state: State) => Command | Promise<Command>);

export interface WriteOutcome<Event extends DomainEvent = DomainEvent> extends CommandResult {
  /** The events this command wrote, or the first answer's event for an idempotent retry. */
  events: Event[];
}

/**
 * The one way commands change state: fold the stream, decide, append with the revision folded.
 * A conflict means another command won the race; we re-read and decide again, which re-checks
 * every rule (so a second hand-in is refused, never written twice).
 */
export class StreamWriter {
  private readonly folded: FoldedStreams;
  /** The tail of each stream's queue of commands in this process. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly store: EventStore,
    folded?: FoldedStreams,
  ) {
    this.folded = folded ?? new FoldedStreams(store);
  }

  async handle<State, Command extends object, Event extends DomainEvent>(
    decider: Decider<State, Command, Event>,
    stream: string,
    command: CommandFrom<State, Command>,
    envelope: CommandEnvelope,
  ): Promise<WriteOutcome<Event>> {
    return this.inTurn(stream, () => this.decideAndAppend(decider, stream, command, envelope));
  }

  /**
   * Commands on one stream in this process take turns: racing them would only make all but one
   * conflict and re-read (and with group commit they would all land in one transaction and race
   * again on every retry). Other processes still meet at the store's expected-revision check.
   */
  private async inTurn<T>(stream: string, run: () => Promise<T>): Promise<T> {
    const before = this.queues.get(stream) ?? Promise.resolve();
    const mine = before.then(run);
    const tail = mine.catch(() => undefined);
    this.queues.set(stream, tail);
    try {
      return await mine;
    } finally {
      if (this.queues.get(stream) === tail) this.queues.delete(stream);
    }
  }

  private async decideAndAppend<State, Command extends object, Event extends DomainEvent>(
    decider: Decider<State, Command, Event>,
    stream: string,
    command: CommandFrom<State, Command>,
    envelope: CommandEnvelope,
  ): Promise<WriteOutcome<Event>> {
    const id = aggregateIdOf(stream);
    for (let attempt = 1; ; attempt++) {
      const earlier = await this.earlierAnswer<Event>(stream, envelope);
      if (earlier) return earlier;

      // The first attempt decides on the stream as this process last folded it, without reading it
      // (issue 9: the api's CPU per xp command fell from 214 to 194 µs without that read; SQLite starts
      // every read after another connection's commit with an empty page cache, and EventStoreDB's is a
      // round trip). Only another process can have appended since: then the append below conflicts
      // and the next attempt reads. A refusal or a no-op appends nothing, so it is answered only once
      // a read shows the stream has not moved on.
      const { state, tip, read } = attempt === 1 ? await this.folded.remembered(decider, stream) : await this.fresh(decider, stream);
      let decided: Event[];
      try {
        decided = decider.decide(typeof command === 'function' ? await command(state) : command, state);
      } catch (refusal) {
        if (read || !(await this.movedOn(decider, stream, tip))) throw refusal;
        continue;
      }
      if (decided.length === 0) {
        if (!read && (await this.movedOn(decider, stream, tip))) continue;
        // Nothing to record (e.g. feedback already viewed): answer where the stream stands.
        return { id, revision: tip?.revision ?? -1, position: tip?.position ?? '0', events: [] };
      }
      const events = this.toNewEvents(decided, stream, envelope, tip);
      try {
        // Only ids derived from an Idempotency-Key can come again: the store keeps retry bookkeeping for those alone.
        const retryable = { retryable: Boolean(envelope.idempotencyKey) };
        const result = await this.store.append(stream, events, tip ? tip.revision : 'no_stream', retryable);
        // A racing twin with the same Idempotency-Key stored first: answer with what it stored
        // (and refuse when it carried another body), never with our unstored events.
        if (result.deduplicated) return (await this.earlierAnswer<Event>(stream, envelope))!;
        const after = { revision: result.revision, position: result.position, hash: events.at(-1)?.metadata.hash };
        // Folded as stored: JSON dropped the `undefined` members of each event's data.
        const stored = decided.map((event, index) => ({ ...event, data: events[index].data }));
        this.folded.appended(decider, stream, state, stored, after);
        return { id, revision: result.revision, position: result.position, events: decided };
      } catch (error) {
        if (!(error instanceof ConcurrencyConflict)) throw error;
        if (attempt >= MAX_ATTEMPTS) {
          throw new ApplicationError('CONCURRENCY_CONFLICT', 'the exam changed while this command ran; retry');
        }
      }
    }
  }

  private async fresh<State, Command, Event extends DomainEvent>(decider: Decider<State, Command, Event>, stream: string) {
    return { ...(await this.folded.current(decider, stream)), read: true };
  }

  /** Whether the stream now ends past `tip` (another process appended): read, and folded into the cache. */
  private async movedOn<State, Command, Event extends DomainEvent>(
    decider: Decider<State, Command, Event>,
    stream: string,
    tip: StreamTip | undefined,
  ): Promise<boolean> {
    const now = (await this.folded.current(decider, stream)).tip;
    return now?.revision !== tip?.revision;
  }

  /** An idempotent retry: the first event of the batch is already stored under the key's derived id. */
  private async earlierAnswer<Event extends DomainEvent>(
    stream: string,
    envelope: CommandEnvelope,
  ): Promise<WriteOutcome<Event> | undefined> {
    if (!envelope.idempotencyKey) return undefined;
    const first = await this.store.findEvent(this.eventId(envelope, 0));
    if (!first) return undefined;
    if (first.metadata.requestHash !== envelope.requestHash || first.stream !== stream) {
      throw new ApplicationError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used for another request');
    }
    return { id: aggregateIdOf(stream), revision: first.revision, position: first.position, events: eventsOf<Event>([first]) };
  }

  private eventId(envelope: CommandEnvelope, index: number): string {
    return envelope.idempotencyKey ? deterministicUuid(envelope.actor.id, envelope.idempotencyKey, String(index)) : randomUUID();
  }

  private toNewEvents(decided: DomainEvent[], stream: string, envelope: CommandEnvelope, tip: StreamTip | undefined): NewEvent[] {
    const chained = HASH_CHAINED_CATEGORIES.has(categoryOf(stream));
    let prevHash = tip?.hash ?? GENESIS_HASH;
    let revision = (tip?.revision ?? -1) + 1;
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
      const { type } = event;
      const data: Record<string, unknown> = JSON.parse(JSON.stringify(event.data)); // drop undefined members, as stored
      if (chained) {
        const hash = chainHash(prevHash, { type, data, metadata, revision });
        Object.assign(metadata, { prevHash, hash });
        prevHash = hash;
      }
      revision++;
      return { id: this.eventId(envelope, index), type, data, metadata };
    });
  }
}
