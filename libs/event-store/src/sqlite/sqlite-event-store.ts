import Database from 'better-sqlite3';
import type { AppendResult, EventStore, ExpectedRevision, NewEvent, Position, ReadAllOptions } from '../event-store.port';
import { eventsOf, type EventShape, type RecordedEvent, type StoredEvent } from '../event-store.port';
import { AppendNotifier } from '../support/append-notifier';
import { assertAppendable, assertReadLimit, assertRevision } from '../support/append-rules';
import { compareDecimalPositions, parseDecimalPosition, toDecimalPosition } from '../support/decimal-position';
import { followLog } from '../support/follow-log';
import { refusal } from './sqlite-appender';
import { FIND_BY_ID, openLogFile, type EventRow } from './sqlite-file';
import { WriterThread } from './writer-thread';

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
  private readonly byStream: Database.Statement<[string, number], EventRow>;
  private readonly after: Database.Statement<[number, number], EventRow>;
  private readonly head: Database.Statement<[], { position: number | null }>;
  /** Appends are committed there, so an fsync never blocks this thread (issue 9). */
  private readonly writer: WriterThread;
  private pending: PendingAppend[] = [];
  /** The group the writer thread is committing: one at a time, the next one gathers meanwhile. */
  private committing?: Promise<void>;
  private scheduled = false;
  private closing = false;
  private readonly commits = { transactions: 0, appends: 0 };
  private readonly commitListeners = new Set<() => void>();
  private readonly pagesThisTurn = new Map<string, RecordedEvent[]>();

  static open(filePath: string, options?: SqliteEventStoreOptions): SqliteEventStore {
    return new SqliteEventStore(filePath, options);
  }

  constructor(
    readonly filePath: string,
    options: SqliteEventStoreOptions = {},
  ) {
    const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    this.pollIntervalMs = options.pollIntervalMs ?? 150;
    // This connection only reads; the writer thread opens its own, with the same settings.
    this.db = openLogFile(filePath, busyTimeoutMs);
    this.writer = new WriterThread({ filePath, busyTimeoutMs });
    this.findById = this.db.prepare(FIND_BY_ID);
    this.byStream = this.db.prepare('SELECT * FROM events WHERE stream = ? AND revision >= ? ORDER BY revision');
    this.after = this.db.prepare('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?');
    this.head = this.db.prepare('SELECT MAX(position) AS position FROM events');
  }

  /**
   * Group commit: the appends made while the writer thread commits the previous group (or during
   * one turn of the event loop, when it is idle) share one transaction and so one fsync. Each is
   * still checked against its own expected revision, a conflict refuses only its own append, and
   * every promise settles only after the commit is durable.
   */
  async append(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    assertAppendable(stream, events);
    if (this.closing) throw new Error('the event store is closed');
    return new Promise<AppendResult>((resolve, reject) => {
      this.pending.push({ stream, events, expected, resolve, reject });
      this.schedule();
    });
  }

  async readStream<E extends EventShape = StoredEvent>(stream: string, fromRevision = 0): Promise<RecordedEvent<E>[]> {
    assertRevision(fromRevision);
    return eventsOf<E>(this.byStream.all(stream, fromRevision).map(toRecordedEvent));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    assertReadLimit(options);
    return this.pageAfter(options.after, options.limit ?? -1);
  }

  /** The events after `after` (the log's start when undefined), at most `limit` (-1: all). */
  private pageAfter(after: Position | undefined, limit: number): RecordedEvent[] {
    return this.after.all(after === undefined ? 0 : parseDecimalPosition(after), limit).map(toRecordedEvent);
  }

  subscribeAll(after: Position | undefined, signal: AbortSignal): AsyncIterable<RecordedEvent> {
    // Safe to follow by cursor: SQLite serializes writers and AUTOINCREMENT assigns positions
    // inside the write transaction, so positions become visible in commit order, never with gaps
    // that fill in later (a reader cannot see N+2 committed before N+1).
    return followLog({
      after,
      signal,
      readPage: async (cursor, limit) => this.sharedPage(cursor, limit),
      notifier: this.notifier,
      pollIntervalMs: this.pollIntervalMs,
      isClosed: () => this.closed,
    });
  }

  /**
   * Subscriptions woken by the same append read the same page (npm start's followers: one per
   * projector, all at the log's head): it is read and parsed once per turn of the event loop, not
   * once per subscription (issue 9: 22% of the followers' CPU). Only for one turn, so a page is
   * never older than a read the subscription could have made itself a moment earlier.
   */
  private sharedPage(after: Position | undefined, limit: number): RecordedEvent[] {
    const key = `${after ?? ''}/${limit}`;
    let page = this.pagesThisTurn.get(key);
    if (page === undefined) {
      if (this.pagesThisTurn.size === 0) setImmediate(() => this.pagesThisTurn.clear());
      page = this.pageAfter(after, limit);
      this.pagesThisTurn.set(key, page);
    }
    return page;
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

  /** The durability settings every connection to the file opens with (sqlite-file.ts), read back from SQLite (health checks, tests). */
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

  /** The writer thread's id, undefined while this store has not appended (tests, operations). */
  writerThreadId(): number | undefined {
    return this.writer.threadId;
  }

  /** Ends the writer thread at once, as a crash would (tests): the next append starts another. */
  crashWriterThread(): Promise<void> {
    return this.writer.terminate();
  }

  /** How many write transactions (fsyncs) carried how many appends: the group commit's effect. */
  groupCommits(): { transactions: number; appends: number } {
    return { ...this.commits };
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    // Appends already accepted are written, not dropped.
    while (this.committing || this.pending.length > 0) await (this.committing ?? this.commitPending());
    await this.writer.close();
    this.closed = true;
    this.notifier.notify(); // idle subscriptions wake, see the store closed, and end
    this.db.close();
  }

  private schedule(): void {
    if (this.committing || this.scheduled || this.pending.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.commitPending();
    });
  }

  private commitPending(): Promise<void> {
    if (this.committing || this.pending.length === 0) return this.committing ?? Promise.resolve();
    const group = this.pending;
    this.pending = [];
    this.committing = this.commitGroup(group).finally(() => {
      this.committing = undefined;
      this.schedule(); // what gathered meanwhile is the next group
    });
    return this.committing;
  }

  private async commitGroup(group: PendingAppend[]): Promise<void> {
    let outcomes;
    try {
      outcomes = await this.writer.commit(group.map(({ stream, events, expected }) => ({ stream, events, expected })));
    } catch (error) {
      // Not acknowledged: the thread refused the whole group (then none of it was written), or it
      // ended before answering (then the callers cannot know: a retry with its Idempotency-Key is safe).
      for (const append of group) append.reject(error);
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
      else group[index].reject(refusal(outcome));
    });
  }
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
