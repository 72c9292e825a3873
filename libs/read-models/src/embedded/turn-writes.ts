import type Database from 'better-sqlite3';

/**
 * The writes made outside `inOneWrite` during one turn of the event loop share one transaction,
 * committed on the next turn (issue 9: npm start's followers, one per projector, each wrote every
 * event in a transaction of its own, and those commits were 65% of their CPU). What each write
 * returns is already true on this connection; other connections see it a turn later.
 *
 * A checkpoint is written in the same transaction as the documents it vouches for, so a commit
 * that fails loses both together. The writers have moved on by then, so the process cannot carry
 * on as if the writes were kept: the failure is thrown out of the event loop, the process ends,
 * and its followers resume from the last committed checkpoint when it is restarted.
 */
export class TurnWrites {
  private open = false;

  constructor(private readonly db: Database.Database) {}

  /** Before a write: joins the turn's transaction (or the explicit one `inOneWrite` has open). */
  join(): void {
    if (this.db.inTransaction) return;
    this.db.exec('BEGIN IMMEDIATE');
    this.open = true;
    setImmediate(() => this.commit());
  }

  /** Commits the turn's transaction now, if one is open (before an explicit transaction, or on close). */
  commit(): void {
    if (!this.open) return;
    this.open = false;
    try {
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      process.nextTick(() => {
        throw new Error(
          `read-model writes were lost when their commit failed; restart to re-apply them from the checkpoints: ${String(error)}`,
        );
      });
    }
  }
}
