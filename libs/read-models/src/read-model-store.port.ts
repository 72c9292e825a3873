/**
 * The read-model store port (ARCHITECTURE.md): documents built by projectors, read by queries.
 * Adapters: MongoDB (production) and an embedded SQLite document store (the default); both pass
 * `read-model-store.contract.ts`. No multi-document transactions: every write is one document.
 */
export interface ReadDocument {
  _id: string;
  [field: string]: unknown;
}

/**
 * Bounds on a top-level field, combinable (`{ $gte: from, $lt: to }`). As in MongoDB, a bound only
 * matches values of its own kind (a string bound, string values; a number bound, numbers), and
 * strings compare binary (UTF-8 bytes, i.e. code point order, no collation).
 */
export interface RangeCondition {
  $gt?: string | number;
  $gte?: string | number;
  $lt?: string | number;
  $lte?: string | number;
}
export type RangeOperator = keyof RangeCondition;
const RANGE_OPERATORS: readonly RangeOperator[] = ['$gt', '$gte', '$lt', '$lte'];

/**
 * Equality on a top-level field, membership in a list, or a range. A document without the field matches
 * no range. Conditions compare whole scalar values, each with values of its own kind: a field holding
 * an array or an object matches no condition (no element matching as in MongoDB, no JSON text as
 * SQLite's json_extract gives), `true` matches booleans only (not 1), and `null` matches a missing
 * field or null. Element matching would cost the embedded store its indexes, and no read model needs it.
 */
export type FieldFilter = string | number | boolean | null | { $in: (string | number | boolean)[] } | RangeCondition;
export type Filter = Record<string, FieldFilter>;

export function isInCondition(condition: FieldFilter): condition is { $in: (string | number | boolean)[] } {
  return typeof condition === 'object' && condition !== null && '$in' in condition;
}

/**
 * The bounds of a range condition, checked the same way for every adapter: at least one known
 * operator, values strings or finite numbers (an empty `{}` would mean "equals {}" to MongoDB).
 */
export function rangeBounds(field: string, condition: RangeCondition): [RangeOperator, string | number][] {
  const keys = Object.keys(condition);
  const unknown = keys.filter((k) => !(RANGE_OPERATORS as readonly string[]).includes(k));
  if (unknown.length > 0) throw new TypeError(`filter on ${field}: unknown operator(s) ${unknown.join(', ')}`);
  const bounds = RANGE_OPERATORS.filter((op) => condition[op] !== undefined).map(
    (op) => [op, condition[op]!] as [RangeOperator, string | number],
  );
  if (bounds.length === 0) throw new TypeError(`filter on ${field}: a range needs at least one of ${RANGE_OPERATORS.join(', ')}`);
  for (const [op, value] of bounds) {
    if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) {
      throw new TypeError(`filter on ${field}: ${op} takes a string or a finite number`);
    }
  }
  return bounds;
}

/** True when `shorter` is a proper prefix of `longer` (an index on it is redundant beside one on `longer`). */
export function isProperPrefix(shorter: string[], longer: string[]): boolean {
  return shorter.length < longer.length && shorter.every((field, i) => field === longer[i]);
}

export interface FindOptions {
  /**
   * On a field holding scalars; ties go by `_id` in the same direction (no sort: by `_id`), so an
   * index from `ensureIndex([...equalities, field])` serves the sort whole, either way round.
   */
  sort?: { field: string; direction: 1 | -1 };
  limit?: number;
}

export interface ReadModelCollection<T extends ReadDocument> {
  get(id: string): Promise<T | undefined>;
  find(filter: Filter, options?: FindOptions): Promise<T[]>;
  /**
   * Stores the document unless one with the same id and an equal or higher `revision` is stored
   * (compare-and-set): a redelivered event never rolls a document back. False when it was not newer.
   */
  putIfNewer(doc: T & { revision: number }): Promise<boolean>;
  /** For one-document-per-event models: false when the id is already there. */
  insertIfAbsent(doc: T): Promise<boolean>;
  /** Unconditional upsert (checkpoints). */
  put(doc: T): Promise<void>;
  /**
   * An ascending index on `fields` then `_id` (the tie-breaker of every sort), so equality on leading
   * fields plus a sort or range on the next is served by the index without sorting in memory.
   * Idempotent; drops the indexes whose fields begin the new one's (those an earlier version made
   * without `_id`, or on fewer fields): the new index serves their queries, and each costs writes.
   */
  ensureIndex(fields: string[]): Promise<void>;
  /** The key fields of each index but the primary one, `_id` included where it ends one. */
  indexes(): Promise<string[][]>;
  count(filter?: Filter): Promise<number>;
  /** Removes the documents and the indexes at once (a projector's setUp re-creates them); no error when never written. */
  drop(): Promise<void>;
}

export interface ReadModelStore {
  collection<T extends ReadDocument>(name: string): ReadModelCollection<T>;
  /**
   * Runs `work` as one write where the engine has one (embedded: one SQLite transaction, so a
   * rebuild page costs one commit, not one per document; MongoDB: as it is). If `work` fails,
   * the embedded store keeps none of its writes. Only for a caller that is the process's sole
   * writer meanwhile (the rebuild): other writes of the process would join the transaction.
   */
  inOneWrite<T>(work: () => Promise<T>): Promise<T>;
  /**
   * A writer of batches on a thread of its own, where the store can have one (the embedded store on
   * a file): a rebuild applies the next pages of the log while the last batch is written. Where it
   * cannot, `batchWriterFor` gives one that writes in `inOneWrite`.
   */
  batchWriter?(): BatchWriter | undefined;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A document to write as `put` does, into the named collection. */
export interface DocumentWrite {
  collection: string;
  doc: ReadDocument;
}

/**
 * Writes batches of documents one after another, each whole or not at all, while its caller goes
 * on. A batch is visible to the store's reads only once its `write` has resolved: until then the
 * caller answers from what it handed over (the rebuild's write-behind keeps it). Only for the
 * sole writer of these collections meanwhile.
 */
export interface BatchWriter {
  write(batch: readonly DocumentWrite[]): Promise<void>;
  close(): Promise<void>;
}
