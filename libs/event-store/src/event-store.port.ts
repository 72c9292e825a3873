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

/** Any event: a type and its data. A domain's event union (ExamEvent, …) narrows it. */
export interface EventShape {
  type: string;
  data: object;
}

/** An event as the store keeps it, before anyone says which domain type it is. */
export interface StoredEvent extends EventShape {
  data: Record<string, unknown>;
}

export interface NewEvent extends StoredEvent {
  /** A UUID. Appending an event whose id is already stored is a no-op that answers the first append's result. */
  id: string;
  metadata: EventMetadata;
}

/** What the store adds to every event it records. */
export interface Recorded {
  id: string;
  metadata: EventMetadata;
  stream: string;
  /** 0-based revision within the stream. */
  revision: number;
  position: Position;
  recordedAt: string;
}

/** A recorded event; `RecordedEvent<ExamEvent>` is one of the exam stream's events, narrowed by `type`. */
export type RecordedEvent<E extends EventShape = StoredEvent> = E & Recorded;

/**
 * The one place stored events get their domain type. Sound because a stream's category fixes
 * which events it holds (stream-names.ts) and only the deciders of that category append to it.
 */
export function eventsOf<E extends EventShape>(events: RecordedEvent[]): RecordedEvent<E>[] {
  return events as unknown as RecordedEvent<E>[];
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

export interface AppendOptions {
  /**
   * True when the batch's event ids can be sent again: they are derived from an Idempotency-Key,
   * so a retry carries the same ids. The store then answers a retry (`deduplicated: true`) and
   * findEvent finds the batch's first event. False or absent: fresh random ids that nobody can
   * send again; a store may skip the bookkeeping retries need (EventStoreDB does).
   */
  retryable?: boolean;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Omitted: from the start. */
  after?: Position;
  limit?: number;
}

export interface EventStore {
  append(stream: string, events: NewEvent[], expected: ExpectedRevision, options?: AppendOptions): Promise<AppendResult>;
  /**
   * The stream's events from revision `fromRevision` (default 0) on, oldest first; [] when the
   * stream does not exist or has nothing that new. `E`: the stream's event union.
   */
  readStream<E extends EventShape = StoredEvent>(stream: string, fromRevision?: number): Promise<RecordedEvent<E>[]>;
  /** Events of all streams in global order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * Catch-up then live: yields every event after `after`, in global order, one at a time,
   * until `signal` aborts. Consume with `for await` so handlers never overlap.
   */
  subscribeAll(after: Position | undefined, signal: AbortSignal): AsyncIterable<RecordedEvent>;
  /**
   * The event with this id, if stored as the first event of a retryable append (used to answer
   * idempotent retries). Adapters may find other events too; callers must not rely on it.
   */
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

/** The batch is larger than the store accepts in one append (EventStoreDB: MaxAppendSize, 1 MiB by default). */
export class AppendTooLarge extends Error {
  constructor(
    readonly stream: string,
    /** The store's limit in bytes, when it says. */
    readonly limitBytes: number | undefined,
  ) {
    super(
      `append to ${stream}: the events exceed the store's append size limit${limitBytes === undefined ? '' : ` of ${limitBytes} bytes`}`,
    );
    this.name = 'AppendTooLarge';
  }
}
