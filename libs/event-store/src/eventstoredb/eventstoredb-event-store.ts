/**
 * The production event store (ARCHITECTURE.md): EventStoreDB through `@eventstore/db-client`.
 *
 * Every call of the client lives in this folder (`eventstoredb/`), and nothing outside it imports the
 * client (eventstoredb-boundary.unit.spec.ts checks that). Its successor `@kurrent/kurrentdb-client`
 * (client class `KurrentDBClient`, `streamState` instead of `expectedRevision`, Node ≥ 20) is
 * therefore a one-folder change: this file, client-mapping.ts and the test double in testing/.
 */
import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  NO_STREAM,
  FORWARDS,
  START,
  streamNameFilter,
  type AllStreamRecordedEvent,
  type AllStreamSubscription,
  type AppendExpectedRevision,
  type EventData,
  type Direction,
  type ReadStreamOptions,
  type RecordedEvent as ClientRecordedEvent,
} from '@eventstore/db-client';
import type { AppendOptions, AppendResult, EventStore, ExpectedRevision, NewEvent, Position, ReadAllOptions } from '../event-store.port';
import { AppendTooLarge, eventsOf, type EventShape, type RecordedEvent, type StoredEvent } from '../event-store.port';
import { answerRetry, assertAppendable, assertReadLimit, assertRevision } from '../support/append-rules';
import {
  assertUuidEventIds,
  eventIdIndexStream,
  isOwnEvent,
  isMaxAppendSizeExceeded,
  isStreamNotFound,
  landingRevision,
  OWN_STREAM_PREFIXES,
  parseClaim,
  sameContent,
  sameEventId,
  toClaimEventData,
  toClientExpectedRevision,
  toConflict,
  toEventData,
  toRecordedEvent,
  wrongExpectedVersionActual,
  type EventIdClaim,
} from './client-mapping';
import {
  compareEncodedPositions,
  compareLogPositions,
  decodePosition,
  encodePosition,
  isReportedPosition,
  type LogPosition,
} from './positions';
import { DEFAULT_BACKOFF, resubscribing, type BackoffOptions, type OpenedSubscription, type SubscriptionDrop } from './resubscribe';

export class InvalidConnectionString extends Error {
  constructor(reason: string) {
    super(`not an EventStoreDB connection string (esdb://host:port?tls=false, esdb+discover://…): ${reason}`);
    this.name = 'InvalidConnectionString';
  }
}

/** The part of the client this adapter uses (a test double implements just this). */
export type EventStoreDbClient = Pick<EventStoreDBClient, 'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'dispose'>;

export interface EventStoreDbEventStoreOptions {
  /** Backoff of a subscription that resubscribes after a drop. */
  resubscribeBackoff?: BackoffOptions;
  /** Told of every dropped subscription before it resubscribes (default: console.warn); wire it to health. */
  onSubscriptionDropped?: (drop: SubscriptionDrop) => void;
  /** Told of every event of our categories in `$all` that is not one of ours (default: a structured error line on stderr). */
  onEventSkipped?: (skipped: SkippedEvent) => void;
}

/**
 * An event in one of our categories that this system cannot read (not JSON, say: written by a tool
 * or by hand). `$all` reads and subscriptions skip it and go on: stopping there would stop every
 * projection, and retrying it would never succeed. Reading its stream still fails, loudly.
 */
export interface SkippedEvent {
  stream: string;
  eventId: string;
  type: string;
  position: Position | undefined;
  reason: string;
}

/** Events per `$all` read: our events are mixed with the index and the server's own streams. */
const ALL_PAGE_SIZE = 512;

interface EventLookup {
  claims: EventIdClaim[];
  /** The batch the id starts, as stored: [] when no claim leads to it. */
  stored: RecordedEvent[];
}

/** The client's append answer (named apart from our port's AppendResult). */
type AppendResult_ = Awaited<ReturnType<EventStoreDBClient['appendToStream']>>;

/**
 * Positions: the `$all` position `{commit, prepare}` as `commit/prepare`, both zero-padded to 20
 * digits (positions.ts), so comparing positions, or even their strings, follows the log.
 *
 * Idempotent retries: the port promises that a retry with the same first event id answers the first
 * append's result with `deduplicated: true`, also for `any` and after the stream moved on. Relying
 * on the server's own deduplication would not do: it answers a deduplicated append exactly like a
 * fresh one (so `deduplicated` could not be told), it keeps no promise for `any`, and an event id
 * reused on another stream is simply written again. So every append first looks its event ids up in
 * the event-id index (client-mapping.ts) and answers a retry from what is stored, with the shared
 * rule `answerRetry`; only new ids are claimed in the index and appended. The server's deduplication
 * stays as the safety net for two copies of one retry racing each other.
 *
 * findEvent(id): EventStoreDB has no lookup by event id, and scanning `$all` grows with the store,
 * so the adapter keeps the event-id index: one small stream per event id, written before the event,
 * read back and verified on lookup. Cost: one index read and one index write per event appended.
 * A `stream` hint on findEvent would not replace it: the application also has to notice an
 * Idempotency-Key reused on another exam (409 IDEMPOTENCY_KEY_REUSED), a lookup by id alone.
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly closing = new AbortController();
  private readonly backoff: BackoffOptions;
  private readonly onSubscriptionDropped: (drop: SubscriptionDrop) => void;
  private readonly onEventSkipped: (skipped: SkippedEvent) => void;

  /**
   * `esdb://host:2113?tls=false` and the other connection strings of client 6.x (`esdb://`,
   * `esdb+discover://`; not `kurrentdb://`, which only its successor parses). A string the client
   * cannot parse throws InvalidConnectionString, which says where and what it expected.
   */
  static connect(connectionString: string, options?: EventStoreDbEventStoreOptions): EventStoreDbEventStore {
    let client: EventStoreDBClient;
    try {
      client = EventStoreDBClient.connectionString(connectionString);
    } catch (error) {
      throw new InvalidConnectionString(error instanceof Error ? error.message : String(error));
    }
    return new EventStoreDbEventStore(client, options);
  }

  constructor(
    private readonly client: EventStoreDbClient,
    options: EventStoreDbEventStoreOptions = {},
  ) {
    this.backoff = options.resubscribeBackoff ?? DEFAULT_BACKOFF;
    this.onSubscriptionDropped = options.onSubscriptionDropped ?? warnOfDrop;
    this.onEventSkipped = options.onEventSkipped ?? logSkippedEvent;
  }

  async append(stream: string, events: NewEvent[], expected: ExpectedRevision, options: AppendOptions = {}): Promise<AppendResult> {
    this.assertOpen();
    assertAppendable(stream, events);
    assertUuidEventIds(stream, events);
    const expectedRevision = toClientExpectedRevision(expected);
    if (options.retryable === true) {
      const retry = await this.claimFirstEventId(stream, events, expected);
      if (retry !== undefined) return retry;
    }
    const written = await this.appendOrConflict(stream, events.map(toEventData), expectedRevision);
    if (!written.success) throw toConflict(stream, expected, written.nextExpectedRevision);
    return this.confirm(stream, events, written.nextExpectedRevision, options);
  }

  async readStream<E extends EventShape = StoredEvent>(stream: string, fromRevision = 0): Promise<RecordedEvent<E>[]> {
    this.assertOpen();
    assertRevision(fromRevision);
    const window = fromRevision === 0 ? {} : { fromRevision: BigInt(fromRevision) };
    return eventsOf<E>((await this.readStreamEvents(stream, window)).map(toRecordedEvent));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    assertReadLimit(options);
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const found: RecordedEvent[] = [];
    const from = options.after === undefined ? undefined : decodePosition(options.after);
    for await (const event of this.ownEventsOfAll(FORWARDS, from)) {
      const recorded = this.readable(event);
      if (recorded === undefined) continue;
      found.push(recorded);
      if (found.length >= limit) break;
    }
    return found;
  }

  subscribeAll(after: Position | undefined, signal: AbortSignal): AsyncIterable<RecordedEvent> {
    if (after !== undefined) decodePosition(after); // a foreign position fails here, not on the first event
    return resubscribing({
      after,
      signal: AbortSignal.any([signal, this.closing.signal]),
      open: (from) => this.openSubscription(from),
      comparePositions: compareEncodedPositions,
      backoff: this.backoff,
      onDrop: this.onSubscriptionDropped,
    });
  }

  async findEvent(eventId: string): Promise<RecordedEvent | undefined> {
    this.assertOpen();
    return (await this.lookUp(eventId, 1)).stored[0];
  }

  async headPosition(): Promise<Position | undefined> {
    this.assertOpen();
    // The newest event is nearly always ours: look at one, and page on only when it is not.
    for await (const event of this.ownEventsOfAll(BACKWARDS, undefined, 1)) return encodePosition(event.position);
    return undefined;
  }

  comparePositions(a: Position, b: Position): number {
    return compareEncodedPositions(a, b);
  }

  async close(): Promise<void> {
    if (this.closing.signal.aborted) return;
    this.closing.abort(); // running subscriptions end
    await this.client.dispose();
  }

  /**
   * The append reply carries the position of the write, which is not always that of its last event;
   * reading the last event back makes the answer's position exactly what reads and subscriptions report.
   * It also tells a write from the server's deduplication, which acknowledges a batch whose ids are
   * already stored at the expected revision exactly like a fresh write: the event found there must be
   * the one sent, content and all, or a racing twin with the same Idempotency-Key stored first.
   */
  private async confirm(stream: string, events: NewEvent[], nextExpectedRevision: bigint, options: AppendOptions): Promise<AppendResult> {
    const last = events[events.length - 1];
    const [atRevision] = await this.readStreamEvents(stream, { fromRevision: nextExpectedRevision, maxCount: 1 });
    if (atRevision !== undefined && sameEventId(atRevision.id, last.id) && sameContent(atRevision, last)) {
      return { revision: Number(nextExpectedRevision), position: toRecordedEvent(atRevision).position, deduplicated: false };
    }
    if (options.retryable === true) {
      const retry = answerFromLookup(stream, events, await this.lookUp(events[0].id, events.length));
      if (retry !== undefined) return retry;
    }
    throw new Error(`append to ${stream}: EventStoreDB acknowledged revision ${nextExpectedRevision}, but the batch is not stored there`);
  }

  /**
   * Records where a retryable batch's first event will land, so that a retry (and findEvent) can
   * find it; answers the retry instead when that event is already stored. The first claim of an id
   * expects no index stream: it succeeds for every new id, in one write and without a read. Only a
   * refused claim (the id was sent before) reads the index.
   */
  private async claimFirstEventId(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult | undefined> {
    const first = events[0].id;
    const claim: EventIdClaim = { stream, revision: landingRevision(expected, 0) };
    const index = eventIdIndexStream(first);
    if ((await this.appendOrConflict(index, [toClaimEventData(claim)], NO_STREAM)).success) return undefined;
    const lookup = await this.lookUp(first, events.length);
    const retry = answerFromLookup(stream, events, lookup);
    if (retry !== undefined) return retry;
    // Sent before, not stored: an earlier attempt conflicted or died. Claim where this one lands.
    if (!lookup.claims.some((other) => other.stream === claim.stream && other.revision === claim.revision)) {
      await this.appendOrConflict(index, [toClaimEventData(claim)], ANY);
    }
    return undefined;
  }

  /**
   * An append whose WrongExpectedVersion comes back as `success: false`, whether the client throws
   * it (its default) or resolves it (`throwOnAppendFailure=false` in the connection string).
   */
  private async appendOrConflict(stream: string, events: EventData[], expectedRevision: AppendExpectedRevision): Promise<AppendResult_> {
    try {
      return await this.client.appendToStream(stream, events, { expectedRevision });
    } catch (error) {
      const actual = wrongExpectedVersionActual(error);
      if (actual !== undefined) return { success: false, nextExpectedRevision: actual, position: undefined };
      if (isMaxAppendSizeExceeded(error)) throw new AppendTooLarge(stream, error.maxAppendSize);
      throw error;
    }
  }

  /** The claims of an event id, and the stored batch it starts (up to `batchLength` events) if a claim leads to it. */
  private async lookUp(eventId: string, batchLength: number): Promise<EventLookup> {
    const claims = (await this.readStreamEvents(eventIdIndexStream(eventId))).flatMap((event) => parseClaim(event) ?? []);
    const checked = new Set<string>();
    for (const claim of claims) {
      const key = `${claim.revision ?? '*'}@${claim.stream}`;
      if (checked.has(key)) continue;
      checked.add(key);
      const stored = await this.findInStream(claim, eventId, batchLength);
      if (stored.length > 0) return { claims, stored };
    }
    return { claims, stored: [] };
  }

  private async findInStream(claim: EventIdClaim, eventId: string, batchLength: number): Promise<RecordedEvent[]> {
    // A claimed revision is exact: an append expecting a revision (or no stream) lands there or not at all.
    const candidates =
      claim.revision === undefined
        ? await this.readStreamEvents(claim.stream)
        : await this.readStreamEvents(claim.stream, { fromRevision: BigInt(claim.revision), maxCount: batchLength });
    const at = candidates.findIndex((event) => sameEventId(event.id, eventId));
    return at === -1 ? [] : candidates.slice(at, at + batchLength).map(toRecordedEvent);
  }

  /** A stream's events (all, or a window of them); [] when the stream does not exist. */
  private async readStreamEvents(
    stream: string,
    window: Pick<ReadStreamOptions, 'fromRevision' | 'maxCount'> = {},
  ): Promise<ClientRecordedEvent[]> {
    const events: ClientRecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(stream, { ...window, direction: FORWARDS, resolveLinkTos: false })) {
        if (resolved.event !== undefined) events.push(resolved.event);
      }
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw error;
    }
    return events;
  }

  /**
   * Our events of `$all`, strictly after (forwards) or before (backwards) `from`, read page by page;
   * the first page may be smaller than the rest.
   */
  private async *ownEventsOfAll(
    direction: Direction,
    from: LogPosition | undefined,
    firstPageSize = ALL_PAGE_SIZE,
  ): AsyncGenerator<AllStreamRecordedEvent, void, undefined> {
    const beyond = direction === FORWARDS ? 1 : -1;
    let cursor = from;
    for (let pageSize = firstPageSize; ; pageSize = ALL_PAGE_SIZE) {
      const page = await this.readAllPage(direction, cursor, pageSize);
      let advanced = false;
      for (const event of page) {
        // A read from a position may include the event at that position: skip up to and including it.
        if (cursor !== undefined && compareLogPositions(event.position, cursor) * beyond <= 0) continue;
        cursor = event.position;
        advanced = true;
        if (isOwnEvent(event.streamId, event.type)) yield event;
      }
      if (page.length < pageSize) return;
      if (!advanced)
        throw new Error(
          `reading $all ${direction}: the server repeated position ${cursor === undefined ? 'start' : encodePosition(cursor)}`,
        );
    }
  }

  private async readAllPage(direction: Direction, from: LogPosition | undefined, maxCount: number): Promise<AllStreamRecordedEvent[]> {
    const fromPosition = from ?? (direction === FORWARDS ? START : END);
    const events: AllStreamRecordedEvent[] = [];
    for await (const resolved of this.client.readAll({ direction, fromPosition, maxCount, resolveLinkTos: false })) {
      if (resolved.event !== undefined) events.push(resolved.event);
    }
    return events;
  }

  /** A catch-up subscription to `$all` from `from` (exclusive), filtered by the server to our categories. */
  private openSubscription(from: Position | undefined): OpenedSubscription {
    const subscription = this.client.subscribeToAll({
      fromPosition: from === undefined ? START : decodePosition(from),
      resolveLinkTos: false,
      filter: streamNameFilter({ prefixes: [...OWN_STREAM_PREFIXES] }),
    });
    let closed = false;
    return {
      events: this.ownRecordedEvents(subscription),
      close: () => {
        if (closed) return;
        closed = true;
        subscription.on('error', ignore); // the cancelled call may still report; it must not crash the process
        subscription.unsubscribe().catch(ignore);
        subscription.destroy(); // also ends a read that is waiting for the next event
      },
    };
  }

  private async *ownRecordedEvents(subscription: AllStreamSubscription): AsyncGenerator<RecordedEvent, void, undefined> {
    for await (const resolved of subscription) {
      const event = resolved.event;
      // The server filter already keeps to our categories; this also drops system event types.
      if (event === undefined || !isOwnEvent(event.streamId, event.type)) continue;
      const recorded = this.readable(event);
      if (recorded !== undefined) yield recorded;
    }
  }

  /** One of our events as the port's, or undefined (and reported) when it is not ours to read. */
  private readable(event: ClientRecordedEvent): RecordedEvent | undefined {
    try {
      return toRecordedEvent(event);
    } catch (error) {
      this.onEventSkipped({
        stream: event.streamId,
        eventId: event.id,
        type: event.type,
        position: isReportedPosition(event.position) ? encodePosition(event.position) : undefined,
        reason: error instanceof Error ? error.message : String(error),
      });
      return undefined;
    }
  }

  private assertOpen(): void {
    if (this.closing.signal.aborted) throw new Error('the EventStoreDB event store is closed');
  }
}

function answerFromLookup(stream: string, events: NewEvent[], lookup: EventLookup): AppendResult | undefined {
  const stored = new Map(lookup.stored.map((event) => [event.id.toLowerCase(), event]));
  return answerRetry(stream, events, (eventId) => stored.get(eventId.toLowerCase()));
}

function warnOfDrop(drop: SubscriptionDrop): void {
  const reason = drop.error instanceof Error ? drop.error.message : 'ended by the server';
  console.warn(
    `EventStoreDB subscription to $all dropped (${reason}); resubscribing after ${drop.resumeAfter ?? 'the start'} in ${drop.delayMs} ms (attempt ${drop.attempt})`,
  );
}

/** One JSON line on stderr, so log shippers can alert on it (`event: eventstoredb.event_skipped`). */
function logSkippedEvent(skipped: SkippedEvent): void {
  console.error(JSON.stringify({ level: 'error', event: 'eventstoredb.event_skipped', ...skipped }));
}

function ignore(): void {}
