import { Binary, Collection, MongoClient, MongoServerError } from 'mongodb';
import { PersonErased, PersonKeys } from '../person-keys.port';

interface KeyDocument {
  _id: string;
  /** Absent once destroyed: the document stays as a tombstone. */
  wrapped?: Binary;
}

const DUPLICATE_KEY = 11000;

/** Keys in the `person_keys` collection of MONGO_URL's database; each write is one atomic document operation. */
export class MongoPersonKeys implements PersonKeys {
  private constructor(
    private readonly client: MongoClient,
    private readonly keys: Collection<KeyDocument>,
  ) {}

  static async connect(url: string): Promise<MongoPersonKeys> {
    const client = await new MongoClient(url).connect();
    return new MongoPersonKeys(client, client.db().collection<KeyDocument>('person_keys'));
  }

  async keep(personId: string, wrapped: Buffer): Promise<Buffer> {
    try {
      await this.keys.insertOne({ _id: personId, wrapped: new Binary(wrapped) });
    } catch (error) {
      if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error;
    }
    const kept = await this.find(personId);
    if (kept === 'erased' || kept === undefined) throw new PersonErased(personId);
    return kept;
  }

  async find(personId: string): Promise<Buffer | 'erased' | undefined> {
    const doc = await this.keys.findOne({ _id: personId });
    if (!doc) return undefined;
    return doc.wrapped ? Buffer.from(doc.wrapped.buffer) : 'erased';
  }

  async destroy(personId: string): Promise<void> {
    await this.keys.updateOne({ _id: personId }, { $unset: { wrapped: '' } }, { upsert: true });
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
