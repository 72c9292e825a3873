import { Collection, MongoClient, MongoServerError } from 'mongodb';
import { LeaseStore } from './worker-lease';

interface LeaseDocument {
  _id: string;
  owner: string;
  expiresAt: number;
}

/** Leases in MongoDB: for worker processes on several hosts. */
export class MongoLeaseStore implements LeaseStore {
  private constructor(
    private readonly client: MongoClient,
    private readonly leases: Collection<LeaseDocument>,
  ) {}

  static async connect(url: string): Promise<MongoLeaseStore> {
    const client = await new MongoClient(url, { serverSelectionTimeoutMS: 5000 }).connect();
    return new MongoLeaseStore(client, client.db().collection<LeaseDocument>('worker_leases'));
  }

  async acquire(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    try {
      const result = await this.leases.updateOne(
        { _id: name, $or: [{ owner }, { expiresAt: { $lt: now } }] },
        { $set: { owner, expiresAt: now + ttlMs } },
        { upsert: true },
      );
      return result.matchedCount + result.upsertedCount > 0;
    } catch (error) {
      // The upsert collided with a lease someone else holds.
      if (error instanceof MongoServerError && error.code === 11000) return false;
      throw error;
    }
  }

  async release(name: string, owner: string): Promise<void> {
    await this.leases.deleteOne({ _id: name, owner });
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
