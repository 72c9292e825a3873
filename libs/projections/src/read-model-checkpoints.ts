import { CheckpointStore } from '@exam/event-store';
import { DocumentWrite, ReadDocument, ReadModelStore } from '@exam/read-models';

export const CHECKPOINTS = 'projection_checkpoints';

interface CheckpointDocument extends ReadDocument {
  position: string;
  updatedAt: string;
}

const checkpointDocument = (name: string, position: string): CheckpointDocument => ({
  _id: name,
  position,
  updatedAt: new Date().toISOString(),
});

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
    await this.collection.put(checkpointDocument(name, position));
  }

  /** What `save` writes, for a batch that writes it with the documents it vouches for. */
  write(name: string, position: string): DocumentWrite {
    return { collection: CHECKPOINTS, doc: checkpointDocument(name, position) };
  }

  async reset(name: string): Promise<void> {
    await this.collection.put(checkpointDocument(name, ''));
  }

  async close(): Promise<void> {}
}
