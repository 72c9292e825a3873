import { Collection, Db, MongoClient, MongoServerError } from 'mongodb';
import { LeaseStore } from './worker-lease';

interface LeaseDocument {
  _id: string;
  owner: string;
  /** In the database server's clock, never a worker host's; a number where an earlier version wrote one (a host's clock). */
  expiresAt: Date | number;
}

/**
 * Leases in MongoDB: for worker processes on several hosts. One clock decides who holds a lease:
 * the database server's (`hello.localTime`), so hosts whose clocks drift apart cannot both believe
 * they hold it. Taking and renewing is one conditional upsert, which MongoDB applies atomically to
 * the one document; FerretDB 1.24 does not (README, "Several workers need real MongoDB").
 */
export class MongoLeaseStore implements LeaseStore {
  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    private readonly leases: Collection<LeaseDocument>,
  ) {}

  static async connect(url: string): Promise<MongoLeaseStore> {
    const client = await new MongoClient(url, { serverSelectionTimeoutMS: 5000 }).connect();
    const db = client.db();
    return new MongoLeaseStore(client, db, db.collection<LeaseDocument>('worker_leases'));
  }

  async acquire(name: string, owner: string, ttlMs: number): Promise<boolean> {
    // `$$NOW` in the filter would save this round trip, but FerretDB (the test tier) has neither
    // `$expr` nor pipeline updates; the server's own clock is what matters, and this reads it.
    const now = await this.serverTime();
    try {
      const result = await this.leases.updateOne(
        // A lease written by an earlier version (Date.now() of a host, stored as a double) counts as expired.
        { _id: name, $or: [{ owner }, { expiresAt: { $lt: now } }, { expiresAt: { $type: 'double' } }] },
        { $set: { owner, expiresAt: new Date(now.getTime() + ttlMs) } },
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

  private async serverTime(): Promise<Date> {
    const { localTime } = await this.db.command({ hello: 1 });
    if (!(localTime instanceof Date)) throw new Error('MongoDB answered hello without localTime');
    return localTime;
  }
}
