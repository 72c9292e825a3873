import Database from 'better-sqlite3';
import { TurnWrites } from './turn-writes';
import { columnOf, fieldsOfIndex, IndexedColumns, valueIn } from './indexed-columns';
import { createTable, DocumentRow, openReadModelFile, revisionOf, RowWriter, tableOf } from './read-model-file';
import { SqliteBatchWriter } from './sqlite-batch-writer';
import {
  BatchWriter,
  Filter,
  FindOptions,
  isInCondition,
  isProperPrefix,
  rangeBounds,
  ReadDocument,
  ReadModelCollection,
  ReadModelStore,
} from '../read-model-store.port';

const FIELD = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

function checked(pattern: RegExp, value: string, what: string): string {
  if (!pattern.test(value)) throw new Error(`invalid ${what}: ${value}`);
  return value;
}

type Scalar = string | number | boolean;
/** SQLite stores JSON booleans as 1/0 in json_extract results; bind them the same way. */
const bindable = (value: Scalar) => (typeof value === 'boolean' ? (value ? 1 : 0) : value);
/** `_id` is the table's primary key column: a lookup by ids uses the key instead of reading every document. */
const ID = '_id';
const SQL_OPERATOR = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' } as const;
const JSON_TYPES = { string: "= 'text'", number: "IN ('integer', 'real')", boolean: "IN ('true', 'false')" } as const;
type Kind = keyof typeof JSON_TYPES;
const kind = (value: Scalar): Kind => (typeof value === 'string' ? 'string' : typeof value === 'number' ? 'number' : 'boolean');
/**
 * A value compares with JSON values of its own kind only: json_extract gives an array or object as
 * its JSON text and `true` as 1, which equality would otherwise match (the port compares whole
 * scalars). Beside the indexed json_extract term, so the index still finds the rows.
 */
const kindOf = (field: string, value: Scalar) =>
  field === ID
    ? typeof value === 'string'
      ? '1'
      : '0'
    : `json_type(doc, '$.${checked(FIELD, field, 'field')}') ${JSON_TYPES[kind(value)]}`;
/** A document's row: its indexed fields are copied into their columns by the statement that writes it. */
const rowOf = (doc: ReadDocument): DocumentRow => [doc._id, revisionOf(doc), JSON.stringify(doc)];

/** Index names end in this, apart from those of an earlier version, which lacked id. */
const TIE_BREAKER = '__id';

/** Distinct statements kept per collection (queries differ by filter shape and limit; a few dozen in practice). */
const MAX_CACHED_STATEMENTS = 256;

class SqliteCollection<T extends ReadDocument> implements ReadModelCollection<T> {
  private readonly table: string;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly indexed: IndexedColumns;
  /** Its statements follow the indexed fields, so they outlive a drop (which changes them). */
  private readonly rows: RowWriter;

  constructor(
    private readonly db: Database.Database,
    private readonly turn: TurnWrites,
    name: string,
  ) {
    this.table = tableOf(name);
    db.exec(createTable(this.table));
    this.indexed = new IndexedColumns(db, this.table);
    this.rows = new RowWriter(db, this.table, this.indexed);
    if (this.indexesOnDoc().length > 0) this.inWrite(() => this.moveIndexesToColumns());
  }

  /** A file from before indexed fields had columns (indexed-columns.ts): indexes on expressions of `doc`. */
  private indexesOnDoc() {
    return this.secondaryIndexes().filter((index) => index.sql.includes('json_extract('));
  }

  /** Gives each field those indexes cover a column, filled for every row, and re-creates each index on the columns under its name. */
  private moveIndexesToColumns(): void {
    const onDoc = this.indexesOnDoc(); // again: another process may have moved them while this one waited for the lock
    this.addColumns(onDoc.flatMap((index) => index.fields));
    for (const index of onDoc) {
      this.db.exec(`DROP INDEX ${index.name}`);
      this.db.exec(`CREATE INDEX ${index.name} ON ${this.table} (${index.fields.map((field) => this.path(field)).join(', ')})`);
    }
  }

  /** A column for each field that has none, filled from every row's document (in `inWrite`: a column exists only filled). */
  private addColumns(fields: string[]): void {
    const known = this.indexed.fields();
    const added = [...new Set(fields)].filter((field) => field !== ID && !known.includes(field));
    if (added.length === 0) return;
    const taken = [...known, ...added].map((field) => field.toLowerCase());
    if (new Set(taken).size < taken.length) {
      throw new Error(
        `cannot index ${added.join(', ')} on ${this.table}: SQLite's column names ignore case, and another indexed field differs only in case`,
      );
    }
    for (const field of added) this.db.exec(`ALTER TABLE ${this.table} ADD COLUMN ${columnOf(field)}`);
    this.db.exec(`UPDATE ${this.table} SET ${added.map((field) => `${columnOf(field)} = ${valueIn('doc', field)}`).join(', ')}`);
  }

  /**
   * Schema changes all or nothing: within the turn's transaction if one is open (as a savepoint, so
   * a failing statement cannot leave a column added and not filled), else in one of their own.
   */
  private inWrite(work: () => void): void {
    if (this.db.inTransaction) this.db.transaction(work)();
    else this.db.transaction(work).immediate();
  }

  /** A field as SQL reads it: the key column for `_id`, its own column for an indexed field, else from the document. */
  private path(field: string): string {
    if (field === ID) return 'id';
    checked(FIELD, field, 'field');
    return this.indexed.fields().includes(field) ? columnOf(field) : valueIn('doc', field);
  }

  /** Each SQL text is prepared once: preparing on every call was ~10% of a command's profile (issue 9). */
  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size >= MAX_CACHED_STATEMENTS) this.statements.clear();
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  async get(id: string): Promise<T | undefined> {
    const row = this.statement(`SELECT doc FROM ${this.table} WHERE id = ?`).get(id) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as T) : undefined;
  }

  private where(filter: Filter): { sql: string; params: unknown[] } {
    const clauses: string[] = [];
    const params: unknown[] = [];
    for (const [field, condition] of Object.entries(filter)) {
      if (condition === null) clauses.push(`${this.path(field)} IS NULL`);
      else if (isInCondition(condition)) {
        if (condition.$in.length === 0) clauses.push('0');
        else {
          // One IN per kind of value (usually one): each keeps to its kind, each can use the index.
          const byKind = new Map<Kind, Scalar[]>();
          for (const value of condition.$in) byKind.set(kind(value), [...(byKind.get(kind(value)) ?? []), value]);
          const terms = [...byKind.values()].map((values) => {
            params.push(...values.map(bindable));
            return `(${this.path(field)} IN (${values.map(() => '?').join(',')}) AND ${kindOf(field, values[0])})`;
          });
          clauses.push(terms.length === 1 ? terms[0] : `(${terms.join(' OR ')})`);
        }
      } else if (typeof condition === 'object') {
        for (const [operator, value] of rangeBounds(field, condition)) {
          clauses.push(`${this.path(field)} ${SQL_OPERATOR[operator]} ?`, kindOf(field, value));
          params.push(value);
        }
      } else {
        clauses.push(`${this.path(field)} = ?`, kindOf(field, condition));
        params.push(bindable(condition));
      }
    }
    return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
  }

  private select(filter: Filter, options: FindOptions): { sql: string; params: unknown[] } {
    const { sql, params } = this.where(filter);
    // Ties by id in the sort's direction: an index ending in id then serves the sort either way.
    const direction = options.sort?.direction === -1 ? 'DESC' : 'ASC';
    // By the key alone when there is no other field: SQLite sorts a repeated `id` term in memory.
    const field = options.sort?.field ?? ID;
    const order = field === ID ? `ORDER BY id ${direction}` : `ORDER BY ${this.path(field)} ${direction}, id ${direction}`;
    const limit = options.limit !== undefined ? `LIMIT ${Math.max(0, Math.trunc(options.limit))}` : '';
    return { sql: `SELECT doc FROM ${this.table} ${sql} ${order} ${limit}`, params };
  }

  async find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    const { sql, params } = this.select(filter, options);
    const rows = this.statement(sql).all(...params) as { doc: string }[];
    return rows.map((r) => JSON.parse(r.doc) as T);
  }

  /** SQLite's plan for what `find` would run: "USE TEMP B-TREE" means sorted in memory. */
  queryPlan(filter: Filter, options: FindOptions = {}): string[] {
    const { sql, params } = this.select(filter, options);
    return (this.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((row) => row.detail);
  }

  async putIfNewer(doc: T & { revision: number }): Promise<boolean> {
    this.turn.join();
    return this.rows.write(rowOf(doc), true);
  }

  async insertIfAbsent(doc: T): Promise<boolean> {
    this.turn.join();
    return this.rows.insertIfAbsent(rowOf(doc));
  }

  async put(doc: T): Promise<void> {
    this.turn.join();
    this.rows.write(rowOf(doc), false);
  }

  /**
   * Every index ends in id, the tie-breaker of every sort: rowid order is not id order. Its fields
   * are columns of their own; a field no index had before gets its column, filled for every row.
   */
  async ensureIndex(fields: string[]): Promise<void> {
    const keys = fields.filter((f) => f !== '_id').map((f) => checked(FIELD, f, 'field'));
    const name = `${this.table}_${keys.join('_')}${TIE_BREAKER}`;
    this.turn.join();
    this.inWrite(() => {
      this.addColumns(keys);
      this.db.exec(`CREATE INDEX IF NOT EXISTS ${name} ON ${this.table} (${[...keys.map(columnOf), 'id'].join(', ')})`);
      for (const index of this.secondaryIndexes()) {
        if (isProperPrefix(index.fields, [...keys, '_id'])) this.db.exec(`DROP INDEX IF EXISTS ${index.name}`);
      }
    });
  }

  /** Read back from the index definitions we wrote: indexed fields' columns, then id. */
  private secondaryIndexes(): { name: string; sql: string; fields: string[] }[] {
    const rows = this.statement(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name`,
    ).all(this.table) as { name: string; sql: string }[];
    return rows.map(({ name, sql }) => ({ name, sql, fields: fieldsOfIndex(sql) }));
  }

  async indexes(): Promise<string[][]> {
    return this.secondaryIndexes().map((index) => index.fields);
  }

  async count(filter: Filter = {}): Promise<number> {
    const { sql, params } = this.where(filter);
    return (this.statement(`SELECT COUNT(*) AS n FROM ${this.table} ${sql}`).get(...params) as { n: number }).n;
  }

  /** Table and indexes, as MongoDB drops a collection; the projector's setUp re-creates the indexes. */
  async drop(): Promise<void> {
    this.db.exec(`DROP TABLE IF EXISTS ${this.table}; ${createTable(this.table)}`);
    this.statements.clear();
  }

  /** After a rollback: SQLite's schema version went back with it, and another change can later meet it again. */
  forgetIndexedFields(): void {
    this.indexed.forget();
  }
}

/** The embedded read-model store: JSON documents in one SQLite file under DATA_DIR (WAL; several processes may read it). */
export class SqliteReadModelStore implements ReadModelStore {
  private readonly db: Database.Database;
  private readonly file: string;
  private readonly cacheMb?: number;
  private readonly collections = new Map<string, SqliteCollection<ReadDocument>>();
  private readonly turn: TurnWrites;

  /**
   * `cacheMb`: SQLite's page cache for this connection (its default is 2 MB). A rebuild's
   * transactions touch some 100 MB of pages, which a small cache spills and reads back; a server
   * keeps the default, so its idle memory stays small.
   */
  constructor(file: string, options: { cacheMb?: number } = {}) {
    this.file = file;
    this.cacheMb = options.cacheMb;
    this.db = openReadModelFile(file, options.cacheMb);
    this.turn = new TurnWrites(this.db);
  }

  /**
   * A connection of its own on a worker thread; this one must not write while it does (SQLite has
   * one writer). None for a database in memory, which no other connection can open.
   */
  batchWriter(): BatchWriter | undefined {
    if (this.db.memory) return undefined;
    this.turn.commit();
    return new SqliteBatchWriter({ file: this.file, cacheMb: this.cacheMb });
  }

  collection<T extends ReadDocument>(name: string): ReadModelCollection<T> {
    return this.sqliteCollection(name) as unknown as ReadModelCollection<T>;
  }

  /** For operations and tests (not on the port): how SQLite would run a `find`. */
  queryPlan(collection: string, filter: Filter, options?: FindOptions): string[] {
    return this.sqliteCollection(collection).queryPlan(filter, options);
  }

  private sqliteCollection(name: string): SqliteCollection<ReadDocument> {
    let collection = this.collections.get(name);
    if (!collection) {
      collection = new SqliteCollection(this.db, this.turn, name);
      this.collections.set(name, collection);
    }
    return collection;
  }

  async inOneWrite<T>(work: () => Promise<T>): Promise<T> {
    this.turn.commit(); // the turn's writes so far are theirs, not this work's: kept whatever the work does
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = await work();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      for (const collection of this.collections.values()) collection.forgetIndexedFields();
      throw error;
    }
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    this.turn.commit();
    this.db.close();
  }
}
