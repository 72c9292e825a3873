import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PersonErased, PersonKeys } from '../person-keys.port';

/**
 * Keys in their own SQLite file under DATA_DIR. `secure_delete` overwrites a destroyed key's bytes
 * in the file, and a rollback journal (not WAL) leaves no older copy of the page beside it once a
 * transaction ends: a destroyed key is gone from the disk, not only from the table.
 */
export class SqlitePersonKeys implements PersonKeys {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement<[string, Buffer]>;
  private readonly select: Database.Statement<[string], { wrapped: Buffer | null }>;
  private readonly tombstone: Database.Statement<[string]>;

  constructor(file: string) {
    mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = DELETE');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('secure_delete = ON');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec('CREATE TABLE IF NOT EXISTS person_keys (person_id TEXT PRIMARY KEY, wrapped BLOB)');
    this.insert = this.db.prepare('INSERT INTO person_keys (person_id, wrapped) VALUES (?, ?) ON CONFLICT DO NOTHING');
    this.select = this.db.prepare('SELECT wrapped FROM person_keys WHERE person_id = ?');
    this.tombstone = this.db.prepare(
      'INSERT INTO person_keys (person_id, wrapped) VALUES (?, NULL) ON CONFLICT (person_id) DO UPDATE SET wrapped = NULL',
    );
  }

  async keep(personId: string, wrapped: Buffer): Promise<Buffer> {
    this.insert.run(personId, wrapped);
    const kept = await this.find(personId);
    if (kept === 'erased' || kept === undefined) throw new PersonErased(personId);
    return kept;
  }

  async find(personId: string): Promise<Buffer | 'erased' | undefined> {
    const row = this.select.get(personId);
    if (!row) return undefined;
    return row.wrapped ?? 'erased';
  }

  async destroy(personId: string): Promise<void> {
    this.tombstone.run(personId);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
