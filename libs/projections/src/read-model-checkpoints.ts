import { CheckpointStore } from '@exam/event-store';
import { ReadDocument, ReadModelStore } from '@exam/read-models';

export const CHECKPOINTS = 'projection_checkpoints';

interface CheckpointDocument extends ReadDocument {
  position: string;
  updatedAt: string;
}

/**
 * Projection checkpoints live beside the documents they describe (same store), so dropping a
 * read model and its checkpoint is one place, and any process reading the store sees how far it is.
 */
export class ReadModelCheckpoints implements CheckpointStore {
  constructor(private readonly store: ReadModelStore) {}

  private get collection() {
    return this.store.collection<CheckpointDocument>(CHECKPOINTS);
  }

  async load(name: string): Promise<string | undefined> {
    return (await this.collection.get(name))?.position || undefined; // reset = from the start
  }

  async save(name: string, position: string): Promise<void> {
    await this.collection.put({ _id: name, position, updatedAt: new Date().toISOString() });
  }

  async reset(name: string): Promise<void> {
    await this.collection.put({ _id: name, position: '', updatedAt: new Date().toISOString() });
  }

  async close(): Promise<void> {}
}
