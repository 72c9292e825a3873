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

/** `put`: the document replaces whatever the table holds under its id. */
export const upsertInto = (table: string) =>
  `INSERT INTO ${table} (id, revision, doc) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET revision = excluded.revision, doc = excluded.doc`;

/** The revision column: a document's numeric `revision`, or none. */
export const revisionOf = (doc: ReadDocument): number | null => (typeof doc.revision === 'number' ? doc.revision : null);

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
