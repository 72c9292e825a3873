import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { AppendResult, EventStore, ExpectedRevision, NewEvent, Position, ReadAllOptions } from '../event-store.port';
import { eventsOf, type EventShape, type RecordedEvent, type StoredEvent } from '../event-store.port';
import { AppendNotifier } from '../support/append-notifier';
import {
  answerRetry,
  assertAppendable,
  assertReadLimit,
  assertRevision,
  checkExpectedRevision,
  type StoredEventRef,
} from '../support/append-rules';
import { compareDecimalPositions, parseDecimalPosition, toDecimalPosition } from '../support/decimal-position';
import { followLog } from '../support/follow-log';

export interface SqliteEventStoreOptions {
  /** How long a writer waits for another connection's write lock (other processes share the file). */
  busyTimeoutMs?: number;
  /** How often an idle subscription re-reads the file for appends made by other processes. */
  pollIntervalMs?: number;
}

export interface SqliteDurability {
  journalMode: string;
  synchronous: 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA';
  busyTimeoutMs: number;
}

/** An append waiting for the next group commit. */
interface PendingAppend {
  stream: string;
  events: NewEvent[];
  expected: ExpectedRevision;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

type AppendOutcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

interface EventRow {
  position: number;
  event_id: string;
  stream: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position    INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id    TEXT NOT NULL UNIQUE,
    stream      TEXT NOT NULL,
    revision    INTEGER NOT NULL,
    type        TEXT NOT NULL,
    data        TEXT NOT NULL,
    metadata    TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    UNIQUE (stream, revision)
  )`;

const SYNCHRONOUS_LEVELS = ['OFF', 'NORMAL', 'FULL', 'EXTRA'] as const;

/**
 * The embedded event store (ARCHITECTURE.md: SQLite, WAL, synchronous=FULL): one file that
 * several processes may open at once. Positions are the `position` column as a decimal string.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly notifier = new AppendNotifier();
  private readonly pollIntervalMs: number;
  private closed = false;

  private readonly findById: Database.Statement<[string], EventRow>;
  private readonly streamRevision: Database.Statement<[string], { revision: number | null }>;
  private readonly insert: Database.Statement<[string, string, number, string, string, string, string]>;
  private readonly byStream: Database.Statement<[string, number], EventRow>;
  private readonly after: Database.Statement<[number, number], EventRow>;
  private readonly head: Database.Statement<[], { position: number | null }>;
  private readonly appendInTransaction: Database.Transaction<
    (stream: string, events: NewEvent[], expected: ExpectedRevision) => AppendResult
  >;
  private readonly commitGroup: Database.Transaction<(group: PendingAppend[]) => AppendOutcome[]>;
  private pending: PendingAppend[] = [];
  private readonly commits = { transactions: 0, appends: 0 };
  private readonly commitListeners = new Set<() => void>();

  static open(filePath: string, options?: SqliteEventStoreOptions): SqliteEventStore {
    return new SqliteEventStore(filePath, options);
  }

  constructor(
    readonly filePath: string,
    options: SqliteEventStoreOptions = {},
  ) {
    const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    this.pollIntervalMs = options.pollIntervalMs ?? 150;
    mkdirSync(dirname(filePath), { recursive: true });
    this.db = new Database(filePath, { timeout: busyTimeoutMs });
    try {
      this.db.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = FULL');
      this.db.exec(SCHEMA);
    } catch (error) {
      this.db.close();
      throw error;
    }

    this.findById = this.db.prepare('SELECT * FROM events WHERE event_id = ?');
    this.streamRevision = this.db.prepare('SELECT MAX(revision) AS revision FROM events WHERE stream = ?');
    this.insert = this.db.prepare(
      'INSERT INTO events (event_id, stream, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.byStream = this.db.prepare('SELECT * FROM events WHERE stream = ? AND revision >= ? ORDER BY revision');
    this.after = this.db.prepare('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?');
    this.head = this.db.prepare('SELECT MAX(position) AS position FROM events');
    this.appendInTransaction = this.db.transaction((stream, events, expected) => this.appendLocked(stream, events, expected));
    // Called inside commitGroup, each append runs in its own SAVEPOINT: a refused append rolls
    // back only its own inserts, and the others still commit.
    this.commitGroup = this.db.transaction((group) =>
      group.map(({ stream, events, expected }): AppendOutcome => {
        try {
          return { ok: true, result: this.appendInTransaction(stream, events, expected) };
        } catch (error) {
          return { ok: false, error };
        }
      }),
    );
  }

  /**
   * Group commit: the appends made during one turn of the event loop share one transaction and
   * so one fsync. Each is still checked against its own expected revision, a conflict refuses only
   * its own append, and every promise settles only after the commit is durable.
   */
  async append(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    assertAppendable(stream, events);
    if (this.closed) throw new Error('the event store is closed');
    return new Promise<AppendResult>((resolve, reject) => {
      this.pending.push({ stream, events, expected, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => this.commitPending());
    });
  }

  async readStream<E extends EventShape = StoredEvent>(stream: string, fromRevision = 0): Promise<RecordedEvent<E>[]> {
    assertRevision(fromRevision);
    return eventsOf<E>(this.byStream.all(stream, fromRevision).map(toRecordedEvent));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    assertReadLimit(options);
    const after = options.after === undefined ? 0 : parseDecimalPosition(options.after);
    return this.after.all(after, options.limit ?? -1).map(toRecordedEvent);
  }

  subscribeAll(after: Position | undefined, signal: AbortSignal): AsyncIterable<RecordedEvent> {
    // Safe to follow by cursor: SQLite serializes writers and AUTOINCREMENT assigns positions
    // inside the write transaction, so positions become visible in commit order, never with gaps
    // that fill in later (a reader cannot see N+2 committed before N+1).
    return followLog({
      after,
      signal,
      readPage: (cursor, limit) => this.readAll({ after: cursor, limit }),
      notifier: this.notifier,
      pollIntervalMs: this.pollIntervalMs,
      isClosed: () => this.closed,
    });
  }

  async findEvent(eventId: string): Promise<RecordedEvent | undefined> {
    const row = this.findById.get(eventId);
    return row === undefined ? undefined : toRecordedEvent(row);
  }

  async headPosition(): Promise<Position | undefined> {
    const { position } = this.head.get() ?? { position: null };
    return position === null ? undefined : toDecimalPosition(position);
  }

  comparePositions(a: Position, b: Position): number {
    return compareDecimalPositions(a, b);
  }

  /** The connection's durability settings, read back from SQLite (health checks, tests). */
  durability(): SqliteDurability {
    const synchronous = Number(this.db.pragma('synchronous', { simple: true }));
    return {
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
      synchronous: SYNCHRONOUS_LEVELS[synchronous] ?? 'OFF',
      busyTimeoutMs: Number(this.db.pragma('busy_timeout', { simple: true })),
    };
  }

  /**
   * Called after each commit that wrote events, so another process sharing the file can be told
   * at once (`npm start` tells its followers' process) instead of finding out on its next poll.
   * Returns how to stop listening.
   */
  onCommit(listener: () => void): () => void {
    this.commitListeners.add(listener);
    return () => this.commitListeners.delete(listener);
  }

  /** Another process appended to the file: subscriptions read now instead of waiting for their poll. */
  appendedElsewhere(): void {
    this.notifier.notify();
  }

  /** How many write transactions (fsyncs) carried how many appends: the group commit's effect. */
  groupCommits(): { transactions: number; appends: number } {
    return { ...this.commits };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.commitPending(); // appends already accepted are written, not dropped
    this.closed = true;
    this.notifier.notify(); // idle subscriptions wake, see the store closed, and end
    this.db.close();
  }

  private commitPending(): void {
    const group = this.pending;
    if (group.length === 0) return;
    this.pending = [];
    let outcomes: AppendOutcome[];
    try {
      // IMMEDIATE takes the write lock before reading, so the revision checks and the inserts see
      // the same stream state even when another process writes to the file.
      outcomes = this.commitGroup.immediate(group);
    } catch (error) {
      for (const append of group) append.reject(error); // nothing of the group was committed
      return;
    }
    this.commits.transactions += 1;
    this.commits.appends += group.length;
    if (outcomes.some((outcome) => outcome.ok && !outcome.result.deduplicated)) {
      this.notifier.notify();
      for (const listener of this.commitListeners) listener();
    }
    outcomes.forEach((outcome, index) => {
      if (outcome.ok) group[index].resolve(outcome.result);
      else group[index].reject(outcome.error);
    });
  }

  private appendLocked(stream: string, events: NewEvent[], expected: ExpectedRevision): AppendResult {
    const retry = answerRetry(stream, events, (eventId) => {
      const row = this.findById.get(eventId);
      return row === undefined ? undefined : toStoredRef(row);
    });
    if (retry !== undefined) return retry;

    const current = this.streamRevision.get(stream)?.revision ?? undefined;
    checkExpectedRevision(stream, expected, current);

    const recordedAt = new Date().toISOString();
    let revision = current ?? -1;
    let position: number | bigint = 0;
    for (const event of events) {
      revision += 1;
      const info = this.insert.run(
        event.id,
        stream,
        revision,
        event.type,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
        recordedAt,
      );
      position = info.lastInsertRowid;
    }
    return { revision, position: toDecimalPosition(position), deduplicated: false };
  }
}

function toStoredRef(row: EventRow): StoredEventRef {
  return { stream: row.stream, revision: row.revision, position: toDecimalPosition(row.position) };
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    type: row.type,
    data: JSON.parse(row.data) as RecordedEvent['data'],
    metadata: JSON.parse(row.metadata) as RecordedEvent['metadata'],
    stream: row.stream,
    revision: row.revision,
    position: toDecimalPosition(row.position),
    recordedAt: row.recorded_at,
  };
}
