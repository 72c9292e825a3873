import { Collection, Db, Filter as MongoFilter, MongoClient, MongoServerError } from 'mongodb';
import {
  Filter,
  FindOptions,
  isInCondition,
  isProperPrefix,
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

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * Stage names down a MongoDB plan tree (`inputStage`/`inputStages`; the SBE engine nests it in
 * `queryPlan`). FerretDB answers SQLite's plan as `Plan` lines instead, passed on as they are.
 */
function planStages(queryPlanner: unknown): string[] {
  if (!isRecord(queryPlanner)) return [];
  if (Array.isArray(queryPlanner.Plan)) return queryPlanner.Plan.map(String);
  const stages: string[] = [];
  const walk = (node: unknown): void => {
    if (!isRecord(node)) return;
    if (typeof node.stage === 'string') stages.push(node.stage);
    walk(node.queryPlan);
    walk(node.inputStage);
    if (Array.isArray(node.inputStages)) node.inputStages.forEach(walk);
  };
  walk(queryPlanner.winningPlan);
  return stages;
}

/** Every index ends in `_id`: each find sorts on `{field, _id}` (or `{_id}`), so the index serves the sort whole. */
const withTieBreaker = (fields: string[]) => (fields.includes('_id') ? fields : [...fields, '_id']);

class MongoCollection<T extends ReadDocument> implements ReadModelCollection<T> {
  constructor(private readonly collection: Collection<ReadDocument>) {}

  async get(id: string): Promise<T | undefined> {
    return ((await this.collection.findOne({ _id: id })) as T | null) ?? undefined;
  }

  private cursor(filter: Filter, options: FindOptions) {
    let cursor = this.collection.find(toMongoFilter(filter));
    // Ties go by _id in the sort's direction, so one ascending index serves both directions.
    const { sort } = options;
    cursor = cursor.sort(sort ? { [sort.field]: sort.direction, _id: sort.direction } : { _id: 1 });
    return options.limit !== undefined ? cursor.limit(options.limit) : cursor;
  }

  async find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    return (await this.cursor(filter, options).toArray()) as T[];
  }

  /** The winning plan's stages, outermost first ("SORT" means sorted in memory), or FerretDB's plan lines. */
  async queryPlan(filter: Filter, options: FindOptions = {}): Promise<string[]> {
    const { queryPlanner } = await this.cursor(filter, options).explain('queryPlanner');
    return planStages(queryPlanner);
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
    const keys = withTieBreaker(fields);
    await this.collection.createIndex(Object.fromEntries(keys.map((f) => [f, 1])));
    for (const index of await this.secondaryIndexes()) {
      if (isProperPrefix(index.fields, keys)) await this.dropIndexIfThere(index.name);
    }
  }

  /** A racing ensureIndex of another process may have dropped it first. */
  private async dropIndexIfThere(name: string): Promise<void> {
    try {
      await this.collection.dropIndex(name);
    } catch (error) {
      if (!isServerError(error, INDEX_NOT_FOUND) && !isServerError(error, NAMESPACE_NOT_FOUND)) throw error;
    }
  }

  private async secondaryIndexes(): Promise<{ name: string; fields: string[] }[]> {
    try {
      const all = await this.collection.listIndexes().toArray();
      return all.filter((index) => index.name !== '_id_').map((index) => ({ name: String(index.name), fields: Object.keys(index.key) }));
    } catch (error) {
      if (isServerError(error, NAMESPACE_NOT_FOUND)) return [];
      throw error;
    }
  }

  async indexes(): Promise<string[][]> {
    return (await this.secondaryIndexes()).map((index) => index.fields);
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

  /** For operations and tests (not on the port): how the server would run a `find`. */
  queryPlan(collection: string, filter: Filter, options?: FindOptions): Promise<string[]> {
    return new MongoCollection(this.db.collection<ReadDocument>(collection)).queryPlan(filter, options);
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
