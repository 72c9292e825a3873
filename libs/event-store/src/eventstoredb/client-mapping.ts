/**
 * Translations between our port and `@eventstore/db-client` (pure: no connection needed, unit-tested
 * in client-mapping.unit.spec.ts). Like the adapter, this file is part of the one folder that knows
 * the client.
 */
import { isDeepStrictEqual } from 'node:util';
import {
  ANY,
  ErrorType,
  isCommandError,
  jsonEvent,
  NO_STREAM,
  type AppendExpectedRevision,
  type EventData,
  type MaxAppendSizeExceededError,
  type RecordedEvent as ClientRecordedEvent,
} from '@eventstore/db-client';
import { ConcurrencyConflict, type EventMetadata, type ExpectedRevision, type NewEvent, type RecordedEvent } from '../event-store.port';
import { examStream, institutionStream, learnerStream, programStream } from '../stream-names';
import { encodePosition, isReportedPosition } from './positions';

/**
 * This system's stream categories (`exam-`, `institution-`, `program-`, `learner-`), taken from the
 * stream-name helpers. `$all` also holds the server's own streams (`$…`) and our event-id index;
 * readAll, subscribeAll and headPosition show only these.
 */
export const OWN_STREAM_PREFIXES: readonly string[] = [examStream, institutionStream, programStream, learnerStream].map((name) => name(''));

/** An event of this system: one of our categories, and not a system event (`$metadata`, links `$>`, …). */
export function isOwnEvent(stream: string, type: string): boolean {
  return !type.startsWith('$') && OWN_STREAM_PREFIXES.some((prefix) => stream.startsWith(prefix));
}

export function toClientExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'any') return ANY;
  // The server reads a negative revision as a "no stream"/"any" marker: refuse rather than change its meaning.
  if (!Number.isSafeInteger(expected) || expected < 0)
    throw new RangeError(`expected revision must be a revision (0 or more), got ${expected}`);
  return BigInt(expected);
}

/**
 * Where the batch's event at `index` lands if an append expecting `expected` succeeds; undefined for
 * `any`. Recorded with each event-id claim so that finding the event later is one read.
 */
export function landingRevision(expected: ExpectedRevision, index: number): number | undefined {
  if (expected === 'any') return undefined;
  return (expected === 'no_stream' ? 0 : expected + 1) + index;
}

/**
 * The stream's actual revision from the server's WrongExpectedVersion (-1 when the stream does not
 * exist, as the client reports it with `throwOnAppendFailure=false`); undefined for every other error.
 */
export function wrongExpectedVersionActual(error: unknown): bigint | undefined {
  if (!(error instanceof Error) || !isCommandError(error) || error.type !== ErrorType.WRONG_EXPECTED_VERSION) return undefined;
  return error.actualVersion === NO_STREAM ? -1n : error.actualVersion;
}

/** A refused append as our ConcurrencyConflict; `actual` below 0 means the stream does not exist. */
export function toConflict(stream: string, expected: ExpectedRevision, actual: bigint): ConcurrencyConflict {
  return new ConcurrencyConflict(stream, expected, actual < 0n ? 'no_stream' : Number(actual));
}

export function isMaxAppendSizeExceeded(error: unknown): error is MaxAppendSizeExceededError {
  return error instanceof Error && isCommandError(error) && error.type === ErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED;
}

export function isStreamNotFound(error: unknown): boolean {
  return error instanceof Error && isCommandError(error) && error.type === ErrorType.STREAM_NOT_FOUND;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** EventStoreDB event ids are UUIDs (the port asks for them too); say so before the server does. */
export function assertUuidEventIds(stream: string, events: readonly NewEvent[]): void {
  for (const event of events) {
    if (!UUID.test(event.id)) throw new TypeError(`append to ${stream}: event id ${JSON.stringify(event.id)} is not a UUID`);
  }
}

/** The server answers ids in lower case: compare ids without regard to case. */
export function sameEventId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * True when a recorded event holds what was sent: type, data and metadata as JSON values. Two
 * requests with one Idempotency-Key share event ids but not, when their bodies differ, content.
 */
export function sameContent(recorded: ClientRecordedEvent, sent: NewEvent): boolean {
  return (
    recorded.type === sent.type &&
    recorded.isJson &&
    isDeepStrictEqual(recorded.data, asJson(sent.data)) &&
    isDeepStrictEqual(recorded.metadata, asJson(sent.metadata))
  );
}

/** What a value reads back as after the client's JSON.stringify (undefined members dropped). */
function asJson(value: object): unknown {
  return JSON.parse(JSON.stringify(value));
}

export function toEventData(event: NewEvent): EventData {
  return jsonEvent({ id: event.id, type: event.type, data: event.data, metadata: event.metadata });
}

export function toRecordedEvent(event: ClientRecordedEvent): RecordedEvent {
  if (!event.isJson || !isJsonObject(event.data) || !isJsonObject(event.metadata)) {
    throw new Error(`event ${event.id} of ${event.streamId} is not a JSON event of this system`);
  }
  if (!isReportedPosition(event.position)) {
    throw new Error(
      `EventStoreDB reported no $all position for event ${event.id} of ${event.streamId} (stream reads report it from server 22.6 on)`,
    );
  }
  return {
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata as EventMetadata,
    stream: event.streamId,
    revision: Number(event.revision),
    position: encodePosition(event.position),
    recordedAt: event.created.toISOString(),
  };
}

/**
 * The event-id index. EventStoreDB finds events by stream and revision, never by event id, yet the
 * port needs `findEvent(id)` and "this id is already stored (anywhere)" on append. Before appending,
 * the adapter writes a claim `{ stream, revision? }` to the stream `eventid-<id>`; a lookup reads the
 * claims and checks each claimed stream (at the claimed revision when known). A claim only says
 * where to look: a claim whose append then failed finds nothing, so lookups stay exact.
 * The `eventid-` category is not one of ours, so the index never shows in readAll or subscribeAll.
 */
export const EVENT_ID_INDEX_PREFIX = 'eventid-';
export const EVENT_ID_CLAIMED = 'EventIdClaimed';

export interface EventIdClaim {
  stream: string;
  /** Where the event lands if its append succeeds; absent for an append expecting `any`. */
  revision?: number;
}

export function eventIdIndexStream(eventId: string): string {
  return `${EVENT_ID_INDEX_PREFIX}${eventId.toLowerCase()}`;
}

export function toClaimEventData(claim: EventIdClaim): EventData {
  return jsonEvent({
    type: EVENT_ID_CLAIMED,
    data: claim.revision === undefined ? { stream: claim.stream } : { stream: claim.stream, revision: claim.revision },
  });
}

/** The claim an index event records; undefined for anything else found in an index stream. */
export function parseClaim(event: ClientRecordedEvent): EventIdClaim | undefined {
  if (event.type !== EVENT_ID_CLAIMED || !event.isJson || !isJsonObject(event.data)) return undefined;
  const { stream, revision } = event.data;
  if (typeof stream !== 'string' || stream.length === 0) return undefined;
  if (revision === undefined) return { stream };
  return Number.isSafeInteger(revision) && (revision as number) >= 0 ? { stream, revision: revision as number } : undefined;
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}
