/**
 * The event store port (ARCHITECTURE.md, "Ports with adapters").
 * Adapters: SQLite (embedded default), EventStoreDB (production), in-memory (unit tests only).
 * Every adapter passes the one contract suite in `event-store.contract.ts`.
 */

/** Opaque, totally ordered global position. Adapters encode it as a string; compare with the adapter's `comparePositions`. */
export type Position = string;

export interface EventMetadata {
  actorId: string;
  actorRole: string;
  occurredAt: string;
  correlationId: string;
  causationId: string;
  schemaVersion: number;
  /** Audit chain, on exam streams only (CONTRACT.md, "Audit"). */
  prevHash?: string;
  hash?: string;
  [extra: string]: unknown;
}

export interface NewEvent {
  /** A UUID. Appending an event whose id is already stored is a no-op that answers the first append's result. */
  id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: EventMetadata;
}

export interface RecordedEvent extends NewEvent {
  stream: string;
  /** 0-based revision within the stream. */
  revision: number;
  position: Position;
  recordedAt: string;
}

/** `no_stream`: the stream must not exist; a number: the revision of the stream's last event; `any`: no check. */
export type ExpectedRevision = 'no_stream' | 'any' | number;

export interface AppendResult {
  /** Revision of the last event written (or already stored, for a deduplicated retry). */
  revision: number;
  position: Position;
  /** True when the batch's first event id was already stored (a retry): nothing new was written. */
  deduplicated: boolean;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Omitted: from the start. */
  after?: Position;
  limit?: number;
}

export interface EventStore {
  append(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  /** All events of a stream, oldest first; [] when the stream does not exist. */
  readStream(stream: string): Promise<RecordedEvent[]>;
  /** Events of all streams in global order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * Catch-up then live: yields every event after `after`, in global order, one at a time,
   * until `signal` aborts. Consume with `for await` so handlers never overlap.
   */
  subscribeAll(after: Position | undefined, signal: AbortSignal): AsyncIterable<RecordedEvent>;
  /** The event with this id, if stored (used to answer idempotent retries). */
  findEvent(eventId: string): Promise<RecordedEvent | undefined>;
  /** The position of the newest event, or undefined for an empty store. */
  headPosition(): Promise<Position | undefined>;
  comparePositions(a: Position, b: Position): number;
  close(): Promise<void>;
}

/** The expected revision did not match: another command on the same stream won the race. */
export class ConcurrencyConflict extends Error {
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`stream ${stream}: expected revision ${String(expected)}, found ${String(actual)}`);
    this.name = 'ConcurrencyConflict';
  }
}
