import type Database from 'better-sqlite3';
import { ConcurrencyConflict, type AppendResult, type ExpectedRevision, type NewEvent } from '../event-store.port';
import { answerRetry, checkExpectedRevision } from '../support/append-rules';
import { toDecimalPosition } from '../support/decimal-position';
import { FIND_BY_ID, type EventRow } from './sqlite-file';

/** One append of a group commit, as it crosses to the writer thread. */
export interface AppendRequest {
  stream: string;
  events: NewEvent[];
  expected: ExpectedRevision;
}

/**
 * How one append of the group ended. Plain data, because it crosses back from the writer thread
 * (an Error loses its class on the way): `refusal` turns it back into the error to throw.
 */
export type AppendOutcome =
  | { ok: true; result: AppendResult }
  | { ok: false; conflict: { stream: string; expected: ExpectedRevision; actual: number | 'no_stream' } }
  | { ok: false; refused: string };

export function refusal(outcome: Exclude<AppendOutcome, { ok: true }>): Error {
  if ('conflict' in outcome) {
    const { stream, expected, actual } = outcome.conflict;
    return new ConcurrencyConflict(stream, expected, actual);
  }
  return new Error(outcome.refused);
}

/**
 * The log's only writer: checks each append against its stream's revision and inserts it, a whole
 * group in one IMMEDIATE transaction (one fsync). Runs on the writer thread (sqlite-writer.worker.ts).
 */
export class SqliteAppender {
  private readonly findById: Database.Statement<[string], EventRow>;
  private readonly streamRevision: Database.Statement<[string], { revision: number | null }>;
  private readonly insert: Database.Statement<[string, string, number, string, string, string, string]>;
  private readonly appendInSavepoint: Database.Transaction<(append: AppendRequest) => AppendResult>;
  private readonly commitGroup: Database.Transaction<(group: AppendRequest[]) => AppendOutcome[]>;

  constructor(private readonly db: Database.Database) {
    this.findById = db.prepare(FIND_BY_ID);
    this.streamRevision = db.prepare('SELECT MAX(revision) AS revision FROM events WHERE stream = ?');
    this.insert = db.prepare(
      'INSERT INTO events (event_id, stream, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.appendInSavepoint = db.transaction((append) => this.appendLocked(append));
    // Called inside commitGroup, each append runs in its own SAVEPOINT: a refused append rolls
    // back only its own inserts, and the others still commit.
    this.commitGroup = db.transaction((group) => group.map((append) => this.outcomeOf(append)));
  }

  /**
   * IMMEDIATE takes the write lock before reading, so the revision checks and the inserts see the
   * same stream state even when another process writes to the file. Throws when the group as a
   * whole could not be committed (then none of it was).
   */
  commit(group: AppendRequest[]): AppendOutcome[] {
    return this.commitGroup.immediate(group);
  }

  close(): void {
    this.db.close();
  }

  private outcomeOf(append: AppendRequest): AppendOutcome {
    try {
      return { ok: true, result: this.appendInSavepoint(append) };
    } catch (error) {
      if (error instanceof ConcurrencyConflict) {
        const { stream, expected, actual } = error;
        return { ok: false, conflict: { stream, expected, actual } };
      }
      return { ok: false, refused: error instanceof Error ? error.message : String(error) };
    }
  }

  private appendLocked({ stream, events, expected }: AppendRequest): AppendResult {
    const retry = answerRetry(stream, events, (eventId) => {
      const row = this.findById.get(eventId);
      return row === undefined ? undefined : { stream: row.stream, revision: row.revision, position: toDecimalPosition(row.position) };
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
