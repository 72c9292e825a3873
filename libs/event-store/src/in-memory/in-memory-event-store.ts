import type { AppendResult, EventStore, ExpectedRevision, NewEvent, Position, ReadAllOptions } from '../event-store.port';
import { eventsOf, type EventShape, type RecordedEvent, type StoredEvent } from '../event-store.port';
import { AppendNotifier } from '../support/append-notifier';
import { answerRetry, assertAppendable, assertReadLimit, assertRevision, checkExpectedRevision } from '../support/append-rules';
import { compareDecimalPositions, parseDecimalPosition, toDecimalPosition } from '../support/decimal-position';
import { followLog } from '../support/follow-log';

/**
 * For unit tests only: nothing survives the process. Same semantics as the SQLite adapter
 * (decimal positions from "1", JSON round-trip of data and metadata); it passes the same contract.
 */
export class InMemoryEventStore implements EventStore {
  /** The global log; an event's position is its index + 1. */
  private readonly log: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly byId = new Map<string, RecordedEvent>();
  private readonly notifier = new AppendNotifier();
  private closed = false;

  // Every method does its work before its first await, so concurrent calls never interleave.
  async append(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    this.assertOpen();
    assertAppendable(stream, events);
    const retry = answerRetry(stream, events, (eventId) => this.byId.get(eventId));
    if (retry !== undefined) return retry;

    const existing = this.streams.get(stream);
    checkExpectedRevision(stream, expected, existing === undefined ? undefined : existing.length - 1);

    const recordedAt = new Date().toISOString();
    const streamEvents = existing ?? [];
    // Serialize everything before storing anything, so a batch that cannot be stored leaves no trace.
    const recorded = events.map((event, index): RecordedEvent => ({
      id: event.id,
      type: event.type,
      data: jsonCopy(event.data),
      metadata: jsonCopy(event.metadata),
      stream,
      revision: streamEvents.length + index,
      position: toDecimalPosition(this.log.length + index + 1),
      recordedAt,
    }));
    for (const event of recorded) {
      this.log.push(event);
      streamEvents.push(event);
      this.byId.set(event.id, event);
    }
    this.streams.set(stream, streamEvents);
    this.notifier.notify();
    const last = recorded[recorded.length - 1];
    return { revision: last.revision, position: last.position, deduplicated: false };
  }

  async readStream<E extends EventShape = StoredEvent>(stream: string, fromRevision = 0): Promise<RecordedEvent<E>[]> {
    this.assertOpen();
    assertRevision(fromRevision);
    return eventsOf<E>((this.streams.get(stream) ?? []).slice(fromRevision).map(jsonCopy));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    assertReadLimit(options);
    const start = options.after === undefined ? 0 : parseDecimalPosition(options.after);
    const end = options.limit === undefined ? undefined : start + options.limit;
    return this.log.slice(start, end).map(jsonCopy);
  }

  subscribeAll(after: Position | undefined, signal: AbortSignal): AsyncIterable<RecordedEvent> {
    return followLog({
      after,
      signal,
      readPage: (cursor, limit) => this.readAll({ after: cursor, limit }),
      notifier: this.notifier,
      isClosed: () => this.closed,
    });
  }

  async findEvent(eventId: string): Promise<RecordedEvent | undefined> {
    this.assertOpen();
    const event = this.byId.get(eventId);
    return event === undefined ? undefined : jsonCopy(event);
  }

  async headPosition(): Promise<Position | undefined> {
    this.assertOpen();
    return this.log.length === 0 ? undefined : toDecimalPosition(this.log.length);
  }

  comparePositions(a: Position, b: Position): number {
    return compareDecimalPositions(a, b);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.notifier.notify();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the in-memory event store is closed');
  }
}

/** Callers get copies: mutating what was appended or read never changes the stored log. */
function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
