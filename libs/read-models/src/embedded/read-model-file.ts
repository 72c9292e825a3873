import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ReadDocument } from '../read-model-store.port';
import { columnOf, IndexedColumns, valueIn } from './indexed-columns';

const NAME = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;

/** A collection's table: its name, checked, so it can be written into SQL. */
export function tableOf(collection: string): string {
  if (!NAME.test(collection)) throw new Error(`invalid collection name: ${collection}`);
  return `rm_${collection}`;
}

/** A collection's table; each indexed field adds a column (indexed-columns.ts). */
export const createTable = (table: string) =>
  `CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY, revision INTEGER, doc TEXT NOT NULL)`;

/** The revision column: a document's numeric `revision`, or none. */
export const revisionOf = (doc: ReadDocument): number | null => (typeof doc.revision === 'number' ? doc.revision : null);

/** Where a document goes: its id, revision and JSON (SQL copies its indexed fields into their columns). */
export type DocumentRow = [id: string, revision: number | null, doc: string];

/** Each statement binds @id, @revision and @doc (the document's JSON); the indexed fields' columns are computed from @doc. */
const ROW_SQL = {
  inPlace: (table: string, fields: string[]) => `UPDATE ${table} SET revision = @revision, doc = @doc WHERE id = @id${unchanged(fields)}`,
  inPlaceIfNewer: (table: string, fields: string[]) =>
    `UPDATE ${table} SET revision = @revision, doc = @doc WHERE id = @id${unchanged(fields)} AND (revision IS NULL OR revision < @revision)`,
  whole: (table: string, fields: string[]) => upsert(table, fields),
  wholeIfNewer: (table: string, fields: string[]) =>
    `${upsert(table, fields)} WHERE ${table}.revision IS NULL OR ${table}.revision < excluded.revision`,
  insertIfAbsent: (table: string, fields: string[]) => `INSERT OR IGNORE INTO ${table} ${columnsAndValues(fields)}`,
};
const unchanged = (fields: string[]) => fields.map((f) => ` AND ${columnOf(f)} IS ${valueIn('@doc', f)}`).join('');
const columnsAndValues = (fields: string[]) =>
  `(id, revision, doc${fields.map((f) => `, ${columnOf(f)}`).join('')}) VALUES (@id, @revision, @doc${fields.map((f) => `, ${valueIn('@doc', f)}`).join('')})`;
const upsert = (table: string, fields: string[]) =>
  `INSERT INTO ${table} ${columnsAndValues(fields)} ON CONFLICT(id) DO UPDATE SET revision = excluded.revision, doc = excluded.doc${fields
    .map((f) => `, ${columnOf(f)} = excluded.${columnOf(f)}`)
    .join('')}`;

const valuesOf = ([id, revision, doc]: DocumentRow) => ({ id, revision, doc });

/**
 * Writes documents into one table. `write` replaces whatever the table holds under the id
 * (`onlyIfNewer`: only over a lower revision or none) and says whether it wrote: first as an update
 * of `doc` alone where the row's indexed fields are as they were (most updates: an exam view's xp, a
 * notification's read flag), which SQLite does without touching an index; otherwise (a new row, a
 * changed field) the whole row. `upsert` writes the whole row at once, for a batch of mostly new rows
 * (a rebuild), where trying the update first costs more than it saves.
 *
 * The indexed fields' columns are filled by SQLite from the document's JSON, in the statement: the
 * same way a migration fills them, and off the JavaScript thread that makes the JSON (a rebuild's
 * busier one). The statements are prepared for the indexed fields the table has now, and again when
 * they change.
 */
export class RowWriter {
  private statements: Partial<Record<keyof typeof ROW_SQL, Database.Statement>> = {};
  private preparedFor?: string[];

  constructor(
    private readonly db: Database.Database,
    private readonly table: string,
    private readonly indexed: IndexedColumns,
  ) {}

  write(row: DocumentRow, onlyIfNewer: boolean): boolean {
    const values = valuesOf(row);
    if (this.statement(onlyIfNewer ? 'inPlaceIfNewer' : 'inPlace').run(values).changes > 0) return true;
    return this.statement(onlyIfNewer ? 'wholeIfNewer' : 'whole').run(values).changes > 0;
  }

  upsert(row: DocumentRow): void {
    this.statement('whole').run(valuesOf(row));
  }

  insertIfAbsent(row: DocumentRow): boolean {
    return this.statement('insertIfAbsent').run(valuesOf(row)).changes > 0;
  }

  private statement(kind: keyof typeof ROW_SQL): Database.Statement {
    const fields = this.indexed.fields();
    if (fields !== this.preparedFor) {
      this.statements = {};
      this.preparedFor = fields;
    }
    return (this.statements[kind] ??= this.db.prepare(ROW_SQL[kind](this.table, fields)));
  }
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
