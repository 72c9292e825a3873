import type Database from 'better-sqlite3';

/** The column that holds an indexed field's value: what `ensureIndex` indexes and what a query must name to use it. */
export const columnOf = (field: string) => `k_${field}`;

/** The value SQL copies into a field's column from a document's JSON (`json`: a column or a parameter). */
export const valueIn = (json: string, field: string) => `json_extract(${json}, '$.${field}')`;

/**
 * The fields an index's SQL names, in order (`_id` for the key): columns `k_field`, or, in a file
 * from before those columns, `json_extract(doc, '$.field')` terms.
 */
export function fieldsOfIndex(sql: string): string[] {
  const terms = sql.slice(sql.indexOf('(', sql.indexOf(' ON ')) + 1, sql.lastIndexOf(')'));
  return [...terms.matchAll(/json_extract\(\w+, '\$\.(\w+)'\)|\bk_(\w+)\b|\bid\b/g)].map((match) => match[1] ?? match[2] ?? '_id');
}

/**
 * The fields a collection's indexes cover. Each has a column of its own (`k_field`), which every
 * write copies from the document with json_extract, and the indexes are on those columns. SQLite
 * updates every index on a column an UPDATE names, whatever the values: with the exam views' four
 * indexes as expressions on `doc`, an update cost 41–49 µs against 13–18 µs when it named only `doc`
 * and the indexed fields had columns (issue 9: the followers update an exam view for nearly every
 * event, and rarely an indexed field of it). A column holds what json_extract gives, so a query on it
 * compares exactly as one on the document did.
 *
 * Read from the table's columns, so every connection (another process's too) agrees on them, and
 * read again whenever SQLite's schema version moves: a row written without a field's column set
 * would be missing from that field's index. The array changes only when the fields do, so
 * statements made for it can be kept while it is the same array. (SQLite's column names ignore case:
 * two indexed fields that differ only in case cannot both have one.)
 */
export class IndexedColumns {
  private known: string[] = [];
  private version = -1;
  private readonly schemaVersion: Database.Statement;
  private readonly columns: Database.Statement;

  constructor(
    db: Database.Database,
    private readonly table: string,
  ) {
    this.schemaVersion = db.prepare('PRAGMA schema_version').pluck();
    this.columns = db.prepare(`SELECT name FROM pragma_table_info(?) WHERE name LIKE 'k\\_%' ESCAPE '\\'`).pluck();
  }

  /** After a rollback: the schema version may come back to one this has seen, with other columns. */
  forget(): void {
    this.version = -1;
  }

  /** The indexed fields, sorted, as the table's columns have them now. */
  fields(): string[] {
    const version = Number(this.schemaVersion.get());
    if (version !== this.version) {
      this.known = (this.columns.all(this.table) as string[]).map((column) => column.slice(2)).sort();
      this.version = version;
    }
    return this.known;
  }
}
