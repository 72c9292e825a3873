/**
 * For unit tests only: an in-process stand-in for the part of `@eventstore/db-client` the adapter
 * uses, following the server's documented behaviour as far as the adapter depends on it:
 * - `$all` positions `{commit, prepare}`, the same on stream reads and `$all` reads; the fake gives
 *   the events of one write a shared commit position (as explicit transactions have; today's server
 *   gives each event commit = prepare), so ordering by prepare within a commit is exercised too; the
 *   append reply carries the write's position, not its last event's;
 * - expected revisions `any` / `no_stream` / `stream_exists` / a revision, a mismatch rejected with
 *   WrongExpectedVersionError, and the server's deduplication of a retried exact-revision or
 *   no-stream append with the same event ids (acknowledged like a fresh write);
 * - a missing stream read as StreamNotFoundError; `$all` reads that include the event at their start
 *   position; system (`$…`) and other applications' streams in `$all`;
 * - catch-up subscriptions to `$all` strictly after a position, with a stream-name prefix filter.
 * It is no substitute for the contract run against a real server (EVENTSTORE_URL): it shows that the
 * adapter's own logic holds, given that behaviour.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  ANY,
  BACKWARDS,
  END,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  STREAM_NAME,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AppendExpectedRevision,
  type AppendResult,
  type Direction,
  type Filter,
  type Position,
  type ReadPosition,
  type ReadRevision,
} from '@eventstore/db-client';
import type { EventStoreDbClient } from '../eventstoredb-event-store';

interface StoredRecord {
  streamId: string;
  id: string;
  type: string;
  dataJson: string;
  metadataJson: string | undefined;
  revision: bigint;
  created: Date;
  position: Position;
}

interface ProposedEvent {
  id: string;
  type: string;
  contentType: string;
  data: unknown;
  metadata?: unknown;
}

interface LiveSubscription {
  readable: Readable;
  prefixes: string[] | undefined;
}

export interface FakeEventStoreDbClientOptions {
  /** Servers before 22.6 report no `$all` position on stream reads. */
  streamReadPositions?: boolean;
}

export class FakeEventStoreDbClient {
  private readonly log: StoredRecord[] = [];
  private readonly streams = new Map<string, StoredRecord[]>();
  private readonly live = new Set<LiveSubscription>();
  private nextLogPosition = 4096n;
  private readonly streamReadPositions: boolean;
  /** Subscriptions opened so far (for tests of resubscribing). */
  subscriptionsOpened = 0;

  constructor(options: FakeEventStoreDbClientOptions = {}) {
    this.streamReadPositions = options.streamReadPositions ?? true;
    // What a fresh server and a neighbour application leave in $all.
    this.write('$settings', [proposed('$settings', { $userStreamAcl: {} })]);
    this.write('orders-1', [proposed('OrderPlaced', { total: 3 })]);
  }

  /** The client surface the adapter takes; the casts stand for the client's overloads and stream types. */
  asClient(): EventStoreDbClient {
    return this as unknown as EventStoreDbClient;
  }

  /** Another writer's event, as a neighbour application or the server itself would append it. */
  writeForeign(stream: string, type: string): void {
    this.write(stream, [proposed(type, { foreign: true })]);
  }

  /** Every live subscription drops: with an error (a leader change, a network cut) or ended by the server. */
  dropSubscriptions(error?: Error): void {
    for (const subscription of [...this.live]) {
      this.live.delete(subscription);
      if (error === undefined) subscription.readable.push(null);
      else subscription.readable.destroy(error);
    }
  }

  streamNames(): string[] {
    return [...this.streams.keys()];
  }

  async appendToStream(
    streamName: string,
    events: ProposedEvent | ProposedEvent[],
    { expectedRevision = ANY }: { expectedRevision?: AppendExpectedRevision } = {},
  ): Promise<AppendResult> {
    await Promise.resolve(); // a round trip: concurrent appends interleave in the caller
    const batch = Array.isArray(events) ? events : [events];
    const existing = this.streams.get(streamName) ?? [];
    const current = existing.length === 0 ? undefined : BigInt(existing.length - 1);
    const matches =
      expectedRevision === ANY ||
      (expectedRevision === NO_STREAM && current === undefined) ||
      (expectedRevision === STREAM_EXISTS && current !== undefined) ||
      (typeof expectedRevision === 'bigint' && expectedRevision === current);
    if (!matches) {
      const duplicate = this.idempotentReply(existing, batch, expectedRevision);
      if (duplicate !== undefined) return duplicate;
      throw new WrongExpectedVersionError(undefined, {
        streamName,
        expected: expectedRevision,
        current: current === undefined ? NO_STREAM : current,
      });
    }
    const written = this.write(streamName, batch);
    const last = written[written.length - 1];
    return {
      success: true,
      nextExpectedRevision: last.revision,
      position: { commit: last.position.commit, prepare: last.position.commit },
    };
  }

  readStream(
    streamName: string,
    {
      fromRevision = START,
      maxCount = Number.MAX_SAFE_INTEGER,
      direction = 'forwards',
    }: { fromRevision?: ReadRevision; maxCount?: number | bigint; direction?: Direction } = {},
  ): Readable {
    const stored = this.streams.get(streamName);
    if (stored === undefined) return readableOf(new StreamNotFoundError(undefined, streamName));
    let selected = direction === BACKWARDS ? [...stored].reverse() : stored;
    if (fromRevision !== START && fromRevision !== END) {
      selected = selected.filter((record) => (direction === BACKWARDS ? record.revision <= fromRevision : record.revision >= fromRevision));
    } else if (fromRevision === END && direction !== BACKWARDS) {
      selected = [];
    }
    return readableOf(
      selected.slice(0, Number(maxCount)).map((record) => ({ event: this.toRecordedEvent(record, this.streamReadPositions) })),
    );
  }

  readAll({
    fromPosition = START,
    maxCount = Number.MAX_SAFE_INTEGER,
    direction = 'forwards',
  }: { fromPosition?: ReadPosition; maxCount?: number | bigint; direction?: Direction } = {}): Readable {
    let selected = direction === BACKWARDS ? [...this.log].reverse() : this.log;
    if (fromPosition !== START && fromPosition !== END) {
      // Inclusive of the start position, as a read from an event's own position may be.
      selected = selected.filter((record) => {
        const order = comparePositions(record.position, fromPosition);
        return direction === BACKWARDS ? order <= 0 : order >= 0;
      });
    } else if (fromPosition === END && direction !== BACKWARDS) {
      selected = [];
    }
    return readableOf(selected.slice(0, Number(maxCount)).map((record) => ({ event: this.toRecordedEvent(record, true) })));
  }

  subscribeToAll({ fromPosition = START, filter }: { fromPosition?: ReadPosition; filter?: Filter } = {}): Readable {
    this.subscriptionsOpened += 1;
    const prefixes = filter !== undefined && filter.filterOn === STREAM_NAME && 'prefixes' in filter ? filter.prefixes : undefined;
    const subscription: LiveSubscription = { readable: new Readable({ objectMode: true, read: () => undefined }), prefixes };
    const readable = Object.assign(subscription.readable, {
      unsubscribe: async () => {
        this.live.delete(subscription);
      },
    });
    readable.on('close', () => this.live.delete(subscription));
    if (fromPosition !== END) {
      for (const record of this.log) {
        if (fromPosition !== START && comparePositions(record.position, fromPosition) <= 0) continue;
        this.deliver(subscription, record);
      }
    }
    this.live.add(subscription);
    return readable;
  }

  async dispose(): Promise<void> {
    this.dropSubscriptions();
  }

  private idempotentReply(existing: StoredRecord[], batch: ProposedEvent[], expected: AppendExpectedRevision): AppendResult | undefined {
    if (expected !== NO_STREAM && typeof expected !== 'bigint') return undefined;
    const start = expected === NO_STREAM ? 0 : Number(expected) + 1;
    const atStart = existing.slice(start, start + batch.length);
    if (atStart.length !== batch.length || atStart.some((record, index) => record.id !== batch[index].id.toLowerCase())) return undefined;
    const last = atStart[atStart.length - 1];
    return { success: true, nextExpectedRevision: last.revision, position: last.position };
  }

  private write(streamName: string, batch: ProposedEvent[]): StoredRecord[] {
    const stream = this.streams.get(streamName) ?? [];
    const commit = this.nextLogPosition;
    const created = new Date();
    const written = batch.map((event, index): StoredRecord => {
      const prepare = this.nextLogPosition;
      this.nextLogPosition += 97n + BigInt(index * 13);
      return {
        streamId: streamName,
        id: event.id.toLowerCase(),
        type: event.type,
        dataJson: JSON.stringify(event.data),
        metadataJson: event.metadata === undefined ? undefined : JSON.stringify(event.metadata),
        revision: BigInt(stream.length + index),
        created,
        position: { commit, prepare },
      };
    });
    stream.push(...written);
    this.streams.set(streamName, stream);
    this.log.push(...written);
    for (const record of written) for (const subscription of this.live) this.deliver(subscription, record);
    return written;
  }

  private deliver(subscription: LiveSubscription, record: StoredRecord): void {
    if (subscription.prefixes !== undefined && !subscription.prefixes.some((prefix) => record.streamId.startsWith(prefix))) return;
    subscription.readable.push({ event: this.toRecordedEvent(record, true) });
  }

  private toRecordedEvent(record: StoredRecord, withPosition: boolean) {
    return {
      streamId: record.streamId,
      id: record.id,
      isJson: true,
      revision: record.revision,
      type: record.type,
      created: record.created,
      data: JSON.parse(record.dataJson) as unknown,
      metadata: record.metadataJson === undefined ? undefined : (JSON.parse(record.metadataJson) as unknown),
      position: withPosition ? record.position : undefined,
    };
  }
}

function proposed(type: string, data: Record<string, unknown>): ProposedEvent {
  return { id: randomUUID(), type, contentType: 'application/json', data };
}

function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  return a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1;
}

function readableOf(items: unknown[] | Error): Readable {
  return Readable.from(
    (async function* () {
      if (items instanceof Error) throw items;
      yield* items;
    })(),
  );
}
