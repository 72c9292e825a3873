import { ConcurrencyConflict, type AppendResult, type ExpectedRevision, type NewEvent, type ReadAllOptions } from '../event-store.port';

/** What the embedded adapters need to know about an already-stored event to answer a retry. */
export interface StoredEventRef {
  stream: string;
  revision: number;
  position: string;
}

export function assertAppendable(stream: string, events: readonly NewEvent[]): void {
  if (stream.length === 0) throw new TypeError('stream name must not be empty');
  if (events.length === 0) throw new RangeError(`append to ${stream}: at least one event is needed`);
  const ids = new Set<string>();
  for (const event of events) {
    if (ids.has(event.id)) throw new Error(`append to ${stream}: event id ${event.id} occurs twice in one batch`);
    ids.add(event.id);
  }
}

/**
 * Idempotency by event id (port: "already stored → answer the first append's result").
 * The first event decides: stored → the batch is a retry, answered with the last of its stored
 * events; not stored → every id must be new (a half-stored batch is a caller bug, not a retry).
 */
export function answerRetry(
  stream: string,
  events: readonly NewEvent[],
  findStored: (eventId: string) => StoredEventRef | undefined,
): AppendResult | undefined {
  const first = findStored(events[0].id);
  if (first === undefined) {
    for (const event of events.slice(1)) {
      const stored = findStored(event.id);
      if (stored !== undefined) {
        throw new Error(`append to ${stream}: event id ${event.id} is already stored (stream ${stored.stream}) but ${events[0].id} is not`);
      }
    }
    return undefined;
  }
  // Event ids are UUIDs: the same id on another stream means the caller derived ids wrongly;
  // answering the other stream's result would silently drop this append.
  if (first.stream !== stream) {
    throw new Error(`append to ${stream}: event id ${events[0].id} is already stored on stream ${first.stream}`);
  }
  let last = first;
  for (const event of events.slice(1)) {
    const stored = findStored(event.id);
    if (stored !== undefined && stored.stream === stream && stored.revision > last.revision) last = stored;
  }
  return { revision: last.revision, position: last.position, deduplicated: true };
}

/** `current`: revision of the stream's last event, undefined when the stream does not exist. */
export function checkExpectedRevision(stream: string, expected: ExpectedRevision, current: number | undefined): void {
  if (expected === 'any') return;
  if (expected === 'no_stream' ? current === undefined : current === expected) return;
  throw new ConcurrencyConflict(stream, expected, current ?? 'no_stream');
}

export function assertReadLimit(options: ReadAllOptions): void {
  const { limit } = options;
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 1)) {
    throw new RangeError(`readAll limit must be a positive integer, got ${limit}`);
  }
}

export function assertRevision(fromRevision: number): void {
  if (!Number.isSafeInteger(fromRevision) || fromRevision < 0) {
    throw new RangeError(`readStream fromRevision must be a non-negative integer, got ${fromRevision}`);
  }
}
