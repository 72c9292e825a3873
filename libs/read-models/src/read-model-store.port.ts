/**
 * The read-model store port (ARCHITECTURE.md): documents built by projectors, read by queries.
 * Adapters: MongoDB (production) and an embedded SQLite document store (the default); both pass
 * `read-model-store.contract.ts`. No multi-document transactions: every write is one document.
 */
export interface ReadDocument {
  _id: string;
  [field: string]: unknown;
}

/** Equality on a top-level field, or membership in a list. */
export type FieldFilter = string | number | boolean | null | { $in: (string | number | boolean)[] };
export type Filter = Record<string, FieldFilter>;

export interface FindOptions {
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
  ensureIndex(fields: string[]): Promise<void>;
  count(filter?: Filter): Promise<number>;
  drop(): Promise<void>;
}

export interface ReadModelStore {
  collection<T extends ReadDocument>(name: string): ReadModelCollection<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
