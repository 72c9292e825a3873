import type Database from 'better-sqlite3';
import { ReadDocument } from '../read-model-store.port';

/** An index's term for a field: what `ensureIndex` creates and what a query must say to use it. */
export const keyTerm = (field: string) => `json_extract(keys, '$.${field}')`;

/** The fields an index's SQL names (`$.field` terms, in order), on `keys` or (files from before keys) on `doc`. */
export const fieldsOfIndex = (sql: string) => [...sql.matchAll(/\$\.(\w+)'/g)].map((match) => match[1]);

/**
 * The fields a collection's indexes cover, which every row copies from its document into the
 * `keys` column, where the indexes are. SQLite updates every index on a column an UPDATE names,
 * whatever the values: with the exam views' four indexes on `doc`, an update cost 41–49 µs against
 * 13–18 µs when it names only `doc` and the indexes are elsewhere (issue 9: the followers update
 * an exam view for nearly every event, and rarely an indexed field of it).
 *
 * Read from the schema, so every connection (another process's too) agrees on them; read again
 * whenever SQLite's schema version moves (an index created or dropped anywhere). A row written with
 * a field missing from `keys` would be missing from that field's index.
 */
export class IndexKeys {
  private known: string[] = [];
  private version = -1;
  private readonly schemaVersion: Database.Statement;
  private readonly indexSql: Database.Statement;

  constructor(
    db: Database.Database,
    private readonly table: string,
  ) {
    this.schemaVersion = db.prepare('PRAGMA schema_version').pluck();
    this.indexSql = db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`).pluck();
  }

  /** The indexed fields, sorted, as the schema has them now. */
  fields(): string[] {
    const version = Number(this.schemaVersion.get());
    if (version !== this.version) {
      const statements = this.indexSql.all(this.table) as string[];
      this.known = [...new Set(statements.flatMap(fieldsOfIndex))].sort();
      this.version = version;
    }
    return this.known;
  }

  /**
   * What a document's row holds in `keys`: its indexed fields in a fixed order (absent as null), or
   * null with none. `fields`: as `fields()` gave them a moment ago (a batch asks once, not per document).
   */
  of(doc: ReadDocument, fields = this.fields()): string | null {
    if (fields.length === 0) return null;
    const keys: Record<string, unknown> = {};
    for (const field of fields) keys[field] = doc[field] ?? null;
    return JSON.stringify(keys);
  }

  /** `keys` as SQL computes it from `doc`, for rows written before `fields` were indexed. */
  static fromDoc(fields: string[]): string {
    return fields.length === 0 ? 'NULL' : `json_object(${fields.map((f) => `'${f}', json(doc -> '$.${f}')`).join(', ')})`;
  }
}
