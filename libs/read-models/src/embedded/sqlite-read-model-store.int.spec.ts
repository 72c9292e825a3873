import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readModelStoreContract } from '../read-model-store.contract';
import { batchWriterFor } from '../batch-writer';
import { BatchWriter } from '../read-model-store.port';
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

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

function threadedWriter(store: SqliteReadModelStore): BatchWriter {
  const writer = store.batchWriter();
  if (!writer) throw new Error('a store on a file has a batch writer');
  return writer;
}

describe('embedded read-model store (SQLite only)', () => {
  it('commits the writes of one turn of the event loop together, seen at once on its own connection and a turn later on others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'read-models-'));
    const file = join(dir, 'read-models.sqlite');
    const store = new SqliteReadModelStore(file);
    const views = store.collection<{ _id: string; revision: number; n: number }>('views');
    await views.put({ _id: 'created', revision: 0, n: 0 }); // the table exists for the other connection
    await nextTurn();
    const other = new Database(file, { readonly: true });
    const countElsewhere = () => other.prepare('SELECT COUNT(*) AS n FROM rm_views').get() as { n: number };
    try {
      await views.put({ _id: 'a', revision: 0, n: 1 });
      await views.putIfNewer({ _id: 'b', revision: 1, n: 2 });
      await views.insertIfAbsent({ _id: 'c', revision: 0, n: 3 });
      expect(await views.count()).toBe(4);
      expect(countElsewhere().n).toBe(1);
      await nextTurn();
      expect(countElsewhere().n).toBe(4);
    } finally {
      other.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the turn’s earlier writes when an inOneWrite after them fails, and commits them on close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'read-models-'));
    const file = join(dir, 'read-models.sqlite');
    const store = new SqliteReadModelStore(file);
    const views = store.collection<{ _id: string }>('views');
    await views.put({ _id: 'before' });
    await expect(
      store.inOneWrite(async () => {
        await views.put({ _id: 'inside' });
        throw new Error('work failed');
      }),
    ).rejects.toThrow('work failed');
    await views.put({ _id: 'after' }); // then the store closes within this turn
    await store.close();
    const reopened = new SqliteReadModelStore(file);
    try {
      expect((await reopened.collection<{ _id: string }>('views').find({})).map((doc) => doc._id)).toEqual(['after', 'before']);
    } finally {
      await reopened.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds by _id through the primary key, reading no other document', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'read-models-'));
    const store = new SqliteReadModelStore(join(dir, 'read-models.sqlite'));
    try {
      const people = store.collection<{ _id: string; n: number }>('people');
      for (let n = 0; n < 20; n++) await people.put({ _id: `p${n}`, n });
      expect(await people.find({ _id: { $in: ['p3', 'p7', 'nobody'] } })).toEqual([
        { _id: 'p3', n: 3 },
        { _id: 'p7', n: 7 },
      ]);
      expect(await people.find({ _id: 'p11' })).toEqual([{ _id: 'p11', n: 11 }]);
      expect(store.queryPlan('people', { _id: { $in: ['p3', 'p7'] } }).join(' ')).toMatch(/SEARCH .* USING INDEX sqlite_autoindex/);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ensureIndex replaces the index an earlier version made without id', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'read-models-'));
    const file = join(dir, 'read-models.sqlite');
    const store = new SqliteReadModelStore(file);
    const raw = new Database(file);
    try {
      const notifications = store.collection('notifications');
      raw.exec(
        `CREATE INDEX rm_notifications_recipientId_read ON rm_notifications (json_extract(doc, '$.recipientId'), json_extract(doc, '$.read'))`,
      );
      expect(await notifications.indexes()).toEqual([['recipientId', 'read']]);
      await notifications.ensureIndex(['recipientId', 'read', 'createdAt']);
      expect(await notifications.indexes()).toEqual([['recipientId', 'read', 'createdAt', '_id']]);
    } finally {
      raw.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

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

  it('writes a batch on a thread of its own, whole or not at all; a failed batch fails alone, and the next is written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'read-models-'));
    const store = new SqliteReadModelStore(join(dir, 'read-models.sqlite'));
    const views = store.collection<{ _id: string; n: number }>('views');
    await views.put({ _id: 'before', n: 0 });
    await nextTurn(); // the turn's transaction is committed: the writer's connection can write
    const writer = threadedWriter(store);
    try {
      const failing = writer.write([
        { collection: 'views', doc: { _id: 'half', n: 1 } },
        { collection: 'never_set_up', doc: { _id: 'x' } }, // no such table: the whole batch is refused
      ]);
      const next = writer.write([{ collection: 'views', doc: { _id: 'after', n: 2 } }]);
      await expect(failing).rejects.toThrow(/batch of read-model writes failed: no such table: rm_never_set_up/);
      await next;
      expect(await views.get('half')).toBeUndefined();
      expect(await views.get('after')).toEqual({ _id: 'after', n: 2 });
      await expect(writer.write([{ collection: 'bad name!', doc: { _id: 'x' } }])).rejects.toThrow('invalid collection name');
    } finally {
      await writer.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses every batch once its thread has ended, instead of waiting for an answer that cannot come', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'read-models-'));
    const store = new SqliteReadModelStore(join(dir, 'read-models.sqlite'));
    const writer = threadedWriter(store);
    try {
      await writer.close();
      await expect(writer.write([{ collection: 'views', doc: { _id: 'late' } }])).rejects.toThrow(/batch writer ended/);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has no thread for a database in memory (no other connection can open it): batchWriterFor writes in inOneWrite', async () => {
    const store = new SqliteReadModelStore(':memory:');
    try {
      expect(store.batchWriter()).toBeUndefined();
      const views = store.collection<{ _id: string }>('views');
      await views.put({ _id: 'set-up' });
      const writer = batchWriterFor(store);
      await writer.write([{ collection: 'views', doc: { _id: 'in-memory' } }]);
      await writer.close();
      expect(await views.get('in-memory')).toEqual({ _id: 'in-memory' });
    } finally {
      await store.close();
    }
  });
});
