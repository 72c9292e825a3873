import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ReadDocument } from '../read-model-store.port';

const NAME = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;

/** A collection's table: its name, checked, so it can be written into SQL. */
export function tableOf(collection: string): string {
  if (!NAME.test(collection)) throw new Error(`invalid collection name: ${collection}`);
  return `rm_${collection}`;
}

/**
 * A collection's table. `keys` holds the document's indexed fields (index-keys.ts) and the indexes
 * are on it, not on `doc`: an update that names only `doc` leaves every index alone.
 */
export const createTable = (table: string) =>
  `CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY, revision INTEGER, doc TEXT NOT NULL, keys TEXT)`;

/** The revision column: a document's numeric `revision`, or none. */
export const revisionOf = (doc: ReadDocument): number | null => (typeof doc.revision === 'number' ? doc.revision : null);

/** Where a document goes: its id, revision, JSON and indexed fields (`keys`, null when nothing is indexed). */
export type DocumentRow = [id: string, revision: number | null, doc: string, keys: string | null];

const NEWER = (table: string) => `(${table}.revision IS NULL OR ${table}.revision < ?)`;

/**
 * Writes a document in place of whatever the table holds under its id (`onlyIfNewer`: only over a
 * lower revision or none); true if it was written. First as an update of `doc` alone, which SQLite
 * can do without touching an index, when the row's indexed fields are as they were (most updates:
 * an exam view's xp, a notification's read flag); otherwise (a new row, a changed field) in full.
 * `prepare` is the caller's statement cache. Used by the store and by the batch writer's thread.
 */
export function writeDocument(
  prepare: (sql: string) => Database.Statement,
  table: string,
  [id, revision, doc, keys]: DocumentRow,
  onlyIfNewer: boolean,
): boolean {
  const newer = onlyIfNewer ? ` AND ${NEWER(table)}` : '';
  const inPlace = prepare(`UPDATE ${table} SET revision = ?, doc = ? WHERE id = ? AND keys IS ?${newer}`);
  if (inPlace.run(revision, doc, id, keys, ...(onlyIfNewer ? [revision] : [])).changes > 0) return true;
  const whole = prepare(
    `INSERT INTO ${table} (id, revision, doc, keys) VALUES (?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET revision = excluded.revision, doc = excluded.doc, keys = excluded.keys
       ${onlyIfNewer ? `WHERE ${table}.revision IS NULL OR ${table}.revision < excluded.revision` : ''}`,
  );
  return whole.run(id, revision, doc, keys).changes > 0;
}

/**
 * The read models' file, as every connection to it opens it (the store's, the batch writer's).
 * `cacheMb`: SQLite's page cache for the connection (its default is 2 MB).
 */
export function openReadModelFile(file: string, cacheMb?: number): Database.Database {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { timeout: 5000 });
  db.pragma('journal_mode = WAL');
  // Read models can be rebuilt from the log; NORMAL keeps them consistent without an fsync per event.
  db.pragma('synchronous = NORMAL');
  if (cacheMb !== undefined) db.pragma(`cache_size = ${-Math.round(cacheMb * 1024)}`);
  return db;
}
