import { Collection, Db, Filter as MongoFilter, MongoClient, MongoServerError } from 'mongodb';
import {
  Filter,
  FindOptions,
  isInCondition,
  rangeBounds,
  ReadDocument,
  ReadModelCollection,
  ReadModelStore,
} from '../read-model-store.port';

const DUPLICATE_KEY = 11000;
const NAMESPACE_NOT_FOUND = 26;
const INDEX_NOT_FOUND = 27;
const isServerError = (error: unknown, code: number) => error instanceof MongoServerError && error.code === code;

/**
 * The port's filter in MongoDB's syntax. Ranges are checked first (an empty `{}` would mean "equals {}").
 * Every condition also says "not an array": MongoDB would match an array by any of its elements, and
 * the port compares whole scalar values (read-model-store.port.ts). The index bounds still come from
 * the comparison; the type test is a residual check on the documents the index found.
 */
function toMongoFilter(filter: Filter): MongoFilter<ReadDocument> {
  return Object.fromEntries(
    Object.entries(filter).map(([field, condition]) => {
      const comparison =
        typeof condition === 'object' && condition !== null
          ? isInCondition(condition)
            ? condition
            : Object.fromEntries(rangeBounds(field, condition))
          : { $eq: condition };
      return [field, { ...comparison, $not: { $type: 'array' } }];
    }),
  );
}

/** Every index ends in `_id`: each find sorts on `{field, _id}` (or `{_id}`), so the index serves the sort whole. */
const withTieBreaker = (fields: string[]) => (fields.includes('_id') ? fields : [...fields, '_id']);

class MongoCollection<T extends ReadDocument> implements ReadModelCollection<T> {
  constructor(private readonly collection: Collection<ReadDocument>) {}

  async get(id: string): Promise<T | undefined> {
    return ((await this.collection.findOne({ _id: id })) as T | null) ?? undefined;
  }

  async find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    let cursor = this.collection.find(toMongoFilter(filter));
    // Ties go by _id in the sort's direction, so one ascending index serves both directions.
    const { sort } = options;
    cursor = cursor.sort(sort ? { [sort.field]: sort.direction, _id: sort.direction } : { _id: 1 });
    if (options.limit !== undefined) cursor = cursor.limit(options.limit);
    return (await cursor.toArray()) as T[];
  }

  /**
   * Two single-document operations, each atomic on MongoDB, together correct because a document only
   * ever goes from absent to present (drop aside). First a conditional upsert: it replaces an older
   * revision, or inserts when no document has the id. If it collides on _id (E11000), a document
   * exists; it may have been inserted by a racing write after our filter missed, with a revision
   * below ours, so "not newer" would be wrong (the earlier version answered so: on FerretDB ten racing
   * writes on an absent document kept revision 5 of 10 in 2 of 8 runs; MongoDB has the same window).
   * The second operation is the same filter without upsert: the server decides it atomically against
   * what is stored now. MongoDB retries a colliding upsert itself only for equality-only filters,
   * which a revision condition is not (docs: "Upsert with Duplicate Values").
   */
  async putIfNewer(doc: T & { revision: number }): Promise<boolean> {
    // Not `$lt`: a document stored without a numeric revision has no higher one, so it is replaced.
    const olderRevision: MongoFilter<ReadDocument> = { _id: doc._id, revision: { $not: { $gte: doc.revision } } };
    try {
      const result = await this.collection.replaceOne(olderRevision, doc, { upsert: true });
      return result.matchedCount + result.upsertedCount > 0;
    } catch (error) {
      if (!isServerError(error, DUPLICATE_KEY)) throw error;
      return (await this.collection.replaceOne(olderRevision, doc)).matchedCount > 0;
    }
  }

  async insertIfAbsent(doc: T): Promise<boolean> {
    try {
      await this.collection.insertOne(doc);
      return true;
    } catch (error) {
      if (isServerError(error, DUPLICATE_KEY)) return false;
      throw error;
    }
  }

  async put(doc: T): Promise<void> {
    await this.collection.replaceOne({ _id: doc._id }, doc, { upsert: true });
  }

  async ensureIndex(fields: string[]): Promise<void> {
    await this.collection.createIndex(Object.fromEntries(withTieBreaker(fields).map((f) => [f, 1])));
    // The index an earlier version created on the same fields without _id only costs writes now.
    if (!fields.includes('_id')) await this.dropIndexIfThere(fields.map((f) => `${f}_1`).join('_'));
  }

  private async dropIndexIfThere(name: string): Promise<void> {
    try {
      await this.collection.dropIndex(name);
    } catch (error) {
      if (!isServerError(error, INDEX_NOT_FOUND) && !isServerError(error, NAMESPACE_NOT_FOUND)) throw error;
    }
  }

  async indexes(): Promise<string[][]> {
    try {
      const all = await this.collection.listIndexes().toArray();
      return all.filter((index) => index.name !== '_id_').map((index) => Object.keys(index.key));
    } catch (error) {
      if (isServerError(error, NAMESPACE_NOT_FOUND)) return [];
      throw error;
    }
  }

  async count(filter: Filter = {}): Promise<number> {
    return this.collection.countDocuments(toMongoFilter(filter));
  }

  /** A collection drop (its indexes too; the projector's setUp re-creates them), not a delete per document. */
  async drop(): Promise<void> {
    try {
      await this.collection.drop();
    } catch (error) {
      if (!isServerError(error, NAMESPACE_NOT_FOUND)) throw error; // never built: nothing to drop
    }
  }
}

/** Read models on MongoDB through the official driver; only single-document writes (standalone servers, FerretDB). */
export class MongoReadModelStore implements ReadModelStore {
  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
  ) {}

  static async connect(url: string): Promise<MongoReadModelStore> {
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000 });
    await client.connect();
    const store = new MongoReadModelStore(client, client.db());
    await store.ping();
    return store;
  }

  collection<T extends ReadDocument>(name: string): ReadModelCollection<T> {
    return new MongoCollection<T>(this.db.collection<ReadDocument>(name));
  }

  async inOneWrite<T>(work: () => Promise<T>): Promise<T> {
    return work(); // each write is its own; a rebuild re-applies idempotently after a failure
  }

  async ping(): Promise<void> {
    await this.db.command({ ping: 1 });
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
