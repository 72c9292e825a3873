import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readModelStoreContract } from '../read-model-store.contract';
import { SqliteReadModelStore } from './sqlite-read-model-store';

readModelStoreContract('embedded (SQLite)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'read-models-'));
  const store = new SqliteReadModelStore(join(dir, 'read-models.sqlite'));
  return {
    store,
    teardown: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('embedded read-model store (SQLite only)', () => {
  it('keeps none of the writes of an inOneWrite whose work fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'read-models-'));
    const store = new SqliteReadModelStore(join(dir, 'read-models.sqlite'));
    try {
      const views = store.collection<{ _id: string }>('views');
      await expect(
        store.inOneWrite(async () => {
          await views.put({ _id: 'kept?' });
          throw new Error('projection failed');
        }),
      ).rejects.toThrow('projection failed');
      expect(await views.get('kept?')).toBeUndefined();
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
