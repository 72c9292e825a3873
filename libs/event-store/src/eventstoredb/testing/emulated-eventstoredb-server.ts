/**
 * For the test tier only: an EMULATION of the part of EventStoreDB's gRPC API that our adapter uses,
 * so that the real `@eventstore/db-client` encodes and decodes real gRPC messages over a real HTTP/2
 * connection. It serves the `event_store.client.streams.Streams` service with the message classes
 * and service definition that the client package itself ships (`generated/streams_*`), on
 * `@grpc/grpc-js`, the client's own transport.
 *
 * The server behaviour here is ours, not EventStoreDB's: it is kept to what the adapter relies on,
 * and every behaviour it assumes is written down, with its source, in STAND-IN.md next to this file.
 * Passing against it shows the adapter and the client agree on the wire; it does not show that the
 * real server behaves so (that is the EVENTSTORE_URL tier, docker/compose.yml).
 */
import { randomUUID } from 'node:crypto';
import { Metadata, Server, ServerCredentials, status, type ServerErrorResponse } from '@grpc/grpc-js';
import type { sendUnaryData, ServerReadableStream, ServerWritableStream } from '@grpc/grpc-js';
import { Empty, StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import { StreamsService, type IStreamsServer } from '@eventstore/db-client/generated/streams_grpc_pb';
import { AppendReq, AppendResp, ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';

/** EventStoreDB's default `MaxAppendSize` (docs: "Max append size", 1,048,576 bytes). */
export const DEFAULT_MAX_APPEND_SIZE = 1024 * 1024;

/** `created` is in 100 ns ticks since the Unix epoch (the client divides it by 10,000 to get milliseconds). */
const TICKS_PER_MS = 10_000n;

interface EmulatedRecord {
  stream: string;
  id: string;
  revision: bigint;
  /** Commit and prepare position alike: the emulated log has no explicit transactions. */
  position: bigint;
  metadata: Map<string, string>;
  customMetadata: Uint8Array;
  data: Uint8Array;
}

type Expected = { kind: 'any' } | { kind: 'no_stream' } | { kind: 'stream_exists' } | { kind: 'revision'; revision: bigint };

interface LiveReader {
  call: ServerWritableStream<ReadReq, ReadResp>;
  matches: (record: EmulatedRecord) => boolean;
}

export interface EmulatedEventStoreDbServerOptions {
  maxAppendSize?: number;
}

export class EmulatedEventStoreDbServer {
  private readonly log: EmulatedRecord[] = [];
  private readonly streams = new Map<string, EmulatedRecord[]>();
  private readonly live = new Set<LiveReader>();
  /** Byte offset of the next record: positions grow like a log's, not by one per event. */
  private nextPosition = 0n;
  private readonly server = new Server();
  private readonly maxAppendSize: number;
  /** Calls served, by method (tests count round trips with it). */
  readonly calls = { read: 0, append: 0 };
  /** Every read asked for: what, which way, how many events (tests check page sizes with it). */
  readonly reads: { from: string; backwards: boolean; count: number }[] = [];

  private constructor(options: EmulatedEventStoreDbServerOptions) {
    this.maxAppendSize = options.maxAppendSize ?? DEFAULT_MAX_APPEND_SIZE;
    const notEmulated = (_call: unknown, callback: sendUnaryData<never>): void => callback(unimplemented(), null);
    const streams: IStreamsServer = {
      read: (call) => this.read(call),
      append: (call, callback) => this.append(call, callback),
      delete: notEmulated,
      tombstone: notEmulated,
      batchAppend: (call) => void call.emit('error', unimplemented()),
    };
    this.server.addService(StreamsService, streams);
    // Other services (ServerFeatures, Gossip, …) are not registered: grpc-js answers UNIMPLEMENTED,
    // which the client reads as "unknown server version, no batch append" (STAND-IN.md).
  }

  /** Listens on a free loopback port. `url` is a connection string for the client. */
  static async start(options: EmulatedEventStoreDbServerOptions = {}): Promise<EmulatedEventStoreDbServer & { url: string }> {
    const emulation = new EmulatedEventStoreDbServer(options);
    const port = await new Promise<number>((resolve, reject) =>
      emulation.server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    );
    return Object.assign(emulation, { url: `esdb://127.0.0.1:${port}?tls=false` });
  }

  async stop(): Promise<void> {
    for (const reader of this.live) reader.call.end();
    this.live.clear();
    await new Promise<void>((resolve) => this.server.tryShutdown(() => resolve()));
    this.server.forceShutdown();
  }

  private append(call: ServerReadableStream<AppendReq, AppendResp>, callback: sendUnaryData<AppendResp>): void {
    this.calls.append += 1;
    let stream: string | undefined;
    let expected: Expected = { kind: 'any' };
    const proposed: AppendReq.ProposedMessage[] = [];
    let size = 0;
    let failed = false;
    const fail = (error: Partial<ServerErrorResponse>): void => {
      if (failed) return;
      failed = true;
      callback(error, null);
    };
    call.on('data', (request: AppendReq) => {
      if (request.hasOptions()) {
        const options = request.getOptions()!;
        stream = streamName(options.getStreamIdentifier());
        expected = expectedOf(options);
        return;
      }
      const message = request.getProposedMessage();
      if (message === undefined) return;
      size += message.getData_asU8().length + message.getCustomMetadata_asU8().length;
      if (size > this.maxAppendSize) fail(maxAppendSizeExceeded(this.maxAppendSize));
      proposed.push(message);
    });
    call.on('error', () => undefined); // the client went away; nothing to answer
    call.on('end', () => {
      if (failed) return;
      if (stream === undefined) return fail({ code: status.INVALID_ARGUMENT, details: 'append without options' });
      callback(null, this.write(stream, expected, proposed));
    });
  }

  private write(stream: string, expected: Expected, proposed: AppendReq.ProposedMessage[]): AppendResp {
    const existing = this.streams.get(stream) ?? [];
    const current = existing.length === 0 ? undefined : BigInt(existing.length - 1);
    const ids = proposed.map((message) => idOf(message.getId()));
    const response = new AppendResp();

    const deduplicated = this.deduplicate(existing, expected, ids);
    if (deduplicated !== undefined) {
      const success = new AppendResp.Success();
      success.setCurrentRevision(deduplicated.toString());
      success.setNoPosition(new Empty());
      return response.setSuccess(success);
    }
    if (!expectationHolds(expected, current)) return response.setWrongExpectedVersion(wrongExpectedVersion(expected, current));

    const created = ticksNow().toString();
    const records = proposed.map((message, index): EmulatedRecord => {
      const metadata = new Map(message.getMetadataMap().toArray());
      metadata.set('created', created);
      const record: EmulatedRecord = {
        stream,
        id: ids[index],
        revision: BigInt(existing.length + index),
        position: this.nextPosition,
        metadata,
        customMetadata: message.getCustomMetadata_asU8(),
        data: message.getData_asU8(),
      };
      this.nextPosition += BigInt(64 + stream.length + record.data.length + record.customMetadata.length);
      return record;
    });
    this.streams.set(stream, [...existing, ...records]);
    this.log.push(...records);
    for (const reader of this.live) for (const record of records) if (reader.matches(record)) reader.call.write(readEventOf(record));

    const success = new AppendResp.Success();
    const last = records[records.length - 1];
    if (last === undefined) success.setNoStream(new Empty());
    else success.setCurrentRevision(last.revision.toString());
    const position = new AppendResp.Position();
    // The write's position: that of its first record (STAND-IN.md; the adapter reads the last event back).
    const first = records[0]?.position ?? this.nextPosition;
    position.setCommitPosition(first.toString());
    position.setPreparePosition(first.toString());
    success.setPosition(position);
    return response.setSuccess(success);
  }

  /**
   * The server's idempotency for an exact expected revision (or no stream): the same event ids
   * already stored right after it answer success with the revision of the last of them, writing
   * nothing. Not emulated for `any`, where the server only consults a cache of recent ids.
   */
  private deduplicate(existing: EmulatedRecord[], expected: Expected, ids: string[]): bigint | undefined {
    if (expected.kind !== 'revision' && expected.kind !== 'no_stream') return undefined;
    const from = expected.kind === 'revision' ? Number(expected.revision) + 1 : 0;
    const stored = existing.slice(from, from + ids.length);
    if (ids.length === 0 || stored.length !== ids.length) return undefined;
    return stored.every((record, index) => record.id === ids[index]) ? stored[stored.length - 1].revision : undefined;
  }

  private read(call: ServerWritableStream<ReadReq, ReadResp>): void {
    this.calls.read += 1;
    const options = call.request.getOptions();
    if (options === undefined) return void call.emit('error', { code: status.INVALID_ARGUMENT, details: 'read without options' });
    const backwards = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;
    const count = options.hasCount() ? Number(options.getCount()) : Number.MAX_SAFE_INTEGER;
    const target = options.hasStream() ? streamName(options.getStream()!.getStreamIdentifier()) : '$all';
    if (!options.hasSubscription()) this.reads.push({ from: target, backwards, count });
    if (options.hasStream()) return this.readStream(call, options.getStream()!, backwards, count);
    const all = options.getAll();
    if (all === undefined) return void call.emit('error', { code: status.INVALID_ARGUMENT, details: 'read of neither a stream nor $all' });
    if (options.hasSubscription()) return this.subscribeToAll(call, all, prefixFilter(options));
    const from = all.hasPosition() ? BigInt(all.getPosition()!.getCommitPosition()) : undefined;
    const window = backwards
      ? this.log.filter((record) => (all.hasEnd() || from === undefined ? true : record.position < from)).reverse()
      : this.log.filter((record) => (all.hasStart() || from === undefined ? true : record.position >= from));
    for (const record of window.slice(0, count)) call.write(readEventOf(record));
    call.end();
  }

  private readStream(
    call: ServerWritableStream<ReadReq, ReadResp>,
    options: ReadReq.Options.StreamOptions,
    backwards: boolean,
    count: number,
  ): void {
    const name = streamName(options.getStreamIdentifier());
    const records = this.streams.get(name);
    if (records === undefined) {
      const notFound = new ReadResp.StreamNotFound();
      notFound.setStreamIdentifier(new StreamIdentifier().setStreamName(Buffer.from(name, 'utf8')));
      call.write(new ReadResp().setStreamNotFound(notFound));
      call.end();
      return;
    }
    const last = records.length - 1;
    const from = options.hasStart() ? (backwards ? -1 : 0) : options.hasEnd() ? last : Number(options.getRevision());
    const window = backwards ? records.slice(0, Math.min(from, last) + 1).reverse() : records.slice(from === -1 ? records.length : from);
    for (const record of window.slice(0, count)) call.write(readEventOf(record));
    call.end();
  }

  /** Catch-up then live: events strictly after the position (or all from the start), filtered. */
  private subscribeToAll(
    call: ServerWritableStream<ReadReq, ReadResp>,
    all: ReadReq.Options.AllOptions,
    matches: (record: EmulatedRecord) => boolean,
  ): void {
    const confirmation = new ReadResp.SubscriptionConfirmation();
    confirmation.setSubscriptionId(randomUUID());
    call.write(new ReadResp().setConfirmation(confirmation));
    const after = all.hasPosition() ? BigInt(all.getPosition()!.getCommitPosition()) : undefined;
    const catchUp = all.hasEnd() ? [] : this.log.filter((record) => after === undefined || record.position > after);
    for (const record of catchUp) if (matches(record)) call.write(readEventOf(record));
    const reader: LiveReader = { call, matches };
    this.live.add(reader);
    const leave = (): void => {
      this.live.delete(reader);
    };
    call.on('cancelled', leave);
    call.on('close', leave);
    call.on('error', leave);
  }
}

function streamName(identifier: StreamIdentifier | undefined): string {
  if (identifier === undefined) throw new Error('emulated EventStoreDB: request without a stream identifier');
  return Buffer.from(identifier.getStreamName_asU8()).toString('utf8');
}

function idOf(uuid: UUID | undefined): string {
  if (uuid === undefined || !uuid.hasString()) throw new Error('emulated EventStoreDB: event id not in string form');
  return uuid.getString().toLowerCase();
}

function expectedOf(options: AppendReq.Options): Expected {
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  if (options.hasRevision()) return { kind: 'revision', revision: BigInt(options.getRevision()) };
  return { kind: 'any' };
}

function expectationHolds(expected: Expected, current: bigint | undefined): boolean {
  switch (expected.kind) {
    case 'any':
      return true;
    case 'no_stream':
      return current === undefined;
    case 'stream_exists':
      return current !== undefined;
    case 'revision':
      return current === expected.revision;
  }
}

function wrongExpectedVersion(expected: Expected, current: bigint | undefined): AppendResp.WrongExpectedVersion {
  const wrong = new AppendResp.WrongExpectedVersion();
  if (current === undefined) wrong.setCurrentNoStream(new Empty());
  else wrong.setCurrentRevision(current.toString());
  if (expected.kind === 'revision') wrong.setExpectedRevision(expected.revision.toString());
  else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(new Empty());
  else if (expected.kind === 'stream_exists') wrong.setExpectedStreamExists(new Empty());
  else wrong.setExpectedAny(new Empty());
  return wrong;
}

function prefixFilter(options: ReadReq.Options): (record: EmulatedRecord) => boolean {
  const filter = options.getFilter();
  if (filter === undefined) return () => true;
  const onStream = filter.getStreamIdentifier();
  const onType = filter.getEventType();
  const expression = onStream ?? onType;
  if (expression === undefined) return () => true;
  if (expression.getRegex() !== '') throw new Error('emulated EventStoreDB: regex filters are not emulated');
  const prefixes = expression.getPrefixList();
  const field = (record: EmulatedRecord): string => (onStream !== undefined ? record.stream : (record.metadata.get('type') ?? ''));
  return (record) => prefixes.some((prefix) => field(record).startsWith(prefix));
}

function readEventOf(record: EmulatedRecord): ReadResp {
  const recorded = new ReadResp.ReadEvent.RecordedEvent();
  recorded.setId(new UUID().setString(record.id));
  recorded.setStreamIdentifier(new StreamIdentifier().setStreamName(Buffer.from(record.stream, 'utf8')));
  recorded.setStreamRevision(record.revision.toString());
  recorded.setCommitPosition(record.position.toString());
  recorded.setPreparePosition(record.position.toString());
  for (const [key, value] of record.metadata) recorded.getMetadataMap().set(key, value);
  recorded.setCustomMetadata(record.customMetadata);
  recorded.setData(record.data);
  const event = new ReadResp.ReadEvent();
  event.setEvent(recorded);
  event.setCommitPosition(record.position.toString());
  return new ReadResp().setEvent(event);
}

function ticksNow(): bigint {
  return BigInt(Date.now()) * TICKS_PER_MS;
}

function unimplemented(): Partial<ServerErrorResponse> {
  return { code: status.UNIMPLEMENTED, details: 'not part of the EventStoreDB emulation' };
}

/** The server refuses with the exception name and the limit in the trailers; the client reads both. */
function maxAppendSizeExceeded(limit: number): Partial<ServerErrorResponse> {
  const metadata = new Metadata();
  metadata.set('exception', 'maximum-append-size-exceeded');
  metadata.set('maximum-append-size', String(limit));
  return { code: status.INVALID_ARGUMENT, details: `Maximum Append Size of ${limit} Exceeded.`, metadata };
}
