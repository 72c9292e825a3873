import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** Where each follower of the event log has got to. Written only after the event was handled. */
export interface CheckpointStore {
  load(name: string): Promise<string | undefined>;
  save(name: string, position: string): Promise<void>;
  reset(name: string): Promise<void>;
  close(): Promise<void>;
}

/** Embedded checkpoints in their own SQLite file (WAL, synchronous=FULL: a saved checkpoint survives kill -9). */
export class SqliteCheckpointStore implements CheckpointStore {
  private readonly db: Database.Database;

  constructor(file: string) {
    mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec('CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, position TEXT NOT NULL, updated_at TEXT NOT NULL)');
  }

  async load(name: string): Promise<string | undefined> {
    const row = this.db.prepare('SELECT position FROM checkpoints WHERE name = ?').get(name) as { position: string } | undefined;
    return row?.position;
  }

  async save(name: string, position: string): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO checkpoints (name, position, updated_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at',
      )
      .run(name, position, new Date().toISOString());
  }

  async reset(name: string): Promise<void> {
    this.db.prepare('DELETE FROM checkpoints WHERE name = ?').run(name);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
