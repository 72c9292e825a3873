import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';

/**
 * Which worker process may run the followers of the event log. Only the holder of the lease runs
 * them; others stand by and take over when it stops renewing (crash, kill -9, network split).
 * One active instance per follower keeps every projection strictly in log order.
 */
export interface LeaseStore {
  /** Takes or renews the lease for `owner` until now + ttl; false while another owner holds an unexpired lease. */
  acquire(name: string, owner: string, ttlMs: number): Promise<boolean>;
  release(name: string, owner: string): Promise<void>;
  close(): Promise<void>;
}

/** Leases in a SQLite file under DATA_DIR: for worker processes on one host (the embedded default). */
export class SqliteLeaseStore implements LeaseStore {
  private readonly db: Database.Database;

  constructor(file: string) {
    mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file, { timeout: 5000 });
    this.db.pragma('journal_mode = WAL');
    this.db.exec('CREATE TABLE IF NOT EXISTS leases (name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL)');
  }

  async acquire(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    this.forgetDeadLocalHolder(name);
    // One statement: insert, or take over when expired or already ours (SQLite serializes writers).
    const result = this.db
      .prepare(
        `INSERT INTO leases (name, owner, expires_at) VALUES (?, ?, ?)
         ON CONFLICT(name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
         WHERE leases.owner = excluded.owner OR leases.expires_at < ?`,
      )
      .run(name, owner, now + ttlMs, now);
    return result.changes > 0;
  }

  async release(name: string, owner: string): Promise<void> {
    this.db.prepare('DELETE FROM leases WHERE name = ? AND owner = ?').run(name, owner);
  }

  async close(): Promise<void> {
    this.db.close();
  }

  /**
   * Owners are "host:pid:…". A holder on this host whose process is gone (kill -9) cannot renew;
   * waiting out its TTL would only delay the restarted worker, so its lease is dropped at once.
   */
  private forgetDeadLocalHolder(name: string): void {
    const row = this.db.prepare('SELECT owner FROM leases WHERE name = ?').get(name) as { owner: string } | undefined;
    const [host, pid] = row?.owner.split(':') ?? [];
    if (!row || host !== hostname() || !/^\d+$/.test(pid ?? '') || processAlive(Number(pid))) return;
    this.db.prepare('DELETE FROM leases WHERE name = ? AND owner = ?').run(name, row.owner);
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
