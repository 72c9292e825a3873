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
const isDuplicateKey = (error: unknown) => error instanceof MongoServerError && error.code === DUPLICATE_KEY;

/** The port's filter is MongoDB's own syntax; ranges are checked first (an empty `{}` would mean "equals {}"). */
function toMongoFilter(filter: Filter): MongoFilter<ReadDocument> {
  return Object.fromEntries(
    Object.entries(filter).map(([field, condition]) => {
      const isRange = typeof condition === 'object' && condition !== null && !isInCondition(condition);
      return [field, isRange ? Object.fromEntries(rangeBounds(field, condition)) : condition];
    }),
  );
}

class MongoCollection<T extends ReadDocument> implements ReadModelCollection<T> {
  constructor(private readonly collection: Collection<ReadDocument>) {}

  async get(id: string): Promise<T | undefined> {
    return ((await this.collection.findOne({ _id: id })) as T | null) ?? undefined;
  }

  async find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    let cursor = this.collection.find(toMongoFilter(filter));
    cursor = cursor.sort(options.sort ? { [options.sort.field]: options.sort.direction, _id: 1 } : { _id: 1 });
    if (options.limit !== undefined) cursor = cursor.limit(options.limit);
    return (await cursor.toArray()) as T[];
  }

  async putIfNewer(doc: T & { revision: number }): Promise<boolean> {
    try {
      // Matches only an older revision; when a newer one exists the upsert collides on _id: "already applied".
      const olderRevision: MongoFilter<ReadDocument> = { _id: doc._id, revision: { $lt: doc.revision } };
      const result = await this.collection.replaceOne(olderRevision, doc, { upsert: true });
      return result.modifiedCount + result.upsertedCount > 0;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async insertIfAbsent(doc: T): Promise<boolean> {
    try {
      await this.collection.insertOne(doc);
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async put(doc: T): Promise<void> {
    await this.collection.replaceOne({ _id: doc._id }, doc, { upsert: true });
  }

  async ensureIndex(fields: string[]): Promise<void> {
    await this.collection.createIndex(Object.fromEntries(fields.map((f) => [f, 1])));
  }

  async count(filter: Filter = {}): Promise<number> {
    return this.collection.countDocuments(toMongoFilter(filter));
  }

  async drop(): Promise<void> {
    await this.collection.deleteMany({});
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
