/**
 * The embedded store gives each indexed field a column of its own and puts its indexes on those
 * columns (indexed-columns.ts), so an update that changes no indexed field writes the document alone.
 * What must hold whatever the layout: queries find what the documents say, through the indexes,
 * on every connection, and a file written before those columns opens with its documents and indexes.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteReadModelStore } from './sqlite-read-model-store';

type View = { _id: string; revision: number; learnerId: string; status: string; xp: number };

const view = (id: string, revision: number, status: string, xp = 0): View => ({ _id: id, revision, learnerId: `l-${id}`, status, xp });

async function withFile(test: (file: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'indexed-columns-'));
  try {
    await test(join(dir, 'read-models.sqlite'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A store on a file of its own, closed after the test. */
const withStore = (test: (store: SqliteReadModelStore, file: string) => Promise<void>) =>
  withFile(async (file) => {
    const store = new SqliteReadModelStore(file);
    try {
      await test(store, file);
    } finally {
      await store.close();
    }
  });

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
const rowsOf = (file: string, sql: string) => {
  const raw = new Database(file, { readonly: true });
  try {
    return raw.prepare(sql).all();
  } finally {
    raw.close();
  }
};

describe('embedded store: indexed fields in columns of their own', () => {
  it('indexes the fields’ columns, keeps each row’s columns equal to its document’s fields, and finds by them after any update', () =>
    withStore(async (store, file) => {
      const views = store.collection<View>('views');
      await views.ensureIndex(['status']);
      await views.put(view('a', 0, 'LOCKED'));
      await views.putIfNewer(view('a', 1, 'LOCKED', 5)); // no indexed field changed
      await views.putIfNewer(view('b', 0, 'LOCKED'));
      await views.putIfNewer(view('b', 1, 'RELEASED', 2)); // one did
      await views.putIfNewer(view('b', 1, 'HANDED_IN')); // not newer: nothing changes
      expect((await views.find({ status: 'LOCKED' })).map((v) => [v._id, v.xp])).toEqual([['a', 5]]);
      expect((await views.find({ status: 'RELEASED' })).map((v) => v._id)).toEqual(['b']);
      expect(await views.find({ status: 'HANDED_IN' })).toEqual([]);
      expect(store.queryPlan('views', { status: 'RELEASED' }).join(' ')).toMatch(/USING INDEX rm_views_status__id/);
      await nextTurn();
      expect(rowsOf(file, `SELECT id, k_status FROM rm_views ORDER BY id`)).toEqual([
        { id: 'a', k_status: 'LOCKED' },
        { id: 'b', k_status: 'RELEASED' },
      ]);
      expect(rowsOf(file, `SELECT sql FROM sqlite_master WHERE name = 'rm_views_status__id'`)).toEqual([
        { sql: `CREATE INDEX rm_views_status__id ON rm_views (k_status, id)` },
      ]);
    }));

  it('writes the document alone when no indexed field changed: the indexed column is not even named', () =>
    withFile(async (file) => {
      const store = new SqliteReadModelStore(file);
      const raw = new Database(file);
      try {
        const views = store.collection<View>('views');
        await views.ensureIndex(['status']);
        await views.put(view('a', 0, 'LOCKED'));
        await nextTurn();
        // Fires whenever an UPDATE names k_status, which is what makes SQLite rewrite the index.
        raw.exec(
          `CREATE TABLE touched (id TEXT); CREATE TRIGGER status_named AFTER UPDATE OF k_status ON rm_views BEGIN INSERT INTO touched VALUES (new.id); END`,
        );
        await views.putIfNewer(view('a', 1, 'LOCKED', 3));
        await views.put(view('a', 2, 'LOCKED', 4));
        await nextTurn();
        expect(raw.prepare('SELECT id FROM touched').all()).toEqual([]);
        await views.putIfNewer(view('a', 3, 'RELEASED', 4));
        await nextTurn();
        expect(raw.prepare('SELECT id FROM touched').all()).toEqual([{ id: 'a' }]);
        expect((await views.find({ status: 'RELEASED' })).map((v) => v.revision)).toEqual([3]);
      } finally {
        raw.close();
        await store.close();
      }
    }));

  it('adds an index’s columns all or nothing: a field that differs from an indexed one only in case is refused, and no column is left unfilled', () =>
    withStore(async (store) => {
      const views = store.collection<View>('views');
      await views.ensureIndex(['status']);
      await views.put(view('a', 0, 'LOCKED'));
      await expect(views.ensureIndex(['learnerId', 'Status'])).rejects.toThrow(/differs only in case/);
      await views.ensureIndex(['learnerId']);
      expect((await views.find({ learnerId: 'l-a' })).map((v) => v._id)).toEqual(['a']);
    }));

  it('gives a field indexed later its column in every row, and a connection that knew no index fills it too once another made one', () =>
    withFile(async (file) => {
      const writer = new SqliteReadModelStore(file); // another process's connection
      const indexer = new SqliteReadModelStore(file);
      try {
        const written = writer.collection<View>('views');
        await written.put(view('early', 0, 'LOCKED'));
        await nextTurn();
        await indexer.collection<View>('views').ensureIndex(['learnerId']);
        await nextTurn();
        await written.put(view('late', 0, 'LOCKED')); // this connection has not seen the index made
        await written.put({ ...view('early', 1, 'LOCKED'), learnerId: 'l-moved' });
        await nextTurn();
        const found = indexer.collection<View>('views');
        expect(await found.find({ learnerId: 'l-early' })).toEqual([]);
        expect((await found.find({ learnerId: 'l-moved' })).map((v) => v._id)).toEqual(['early']);
        expect((await found.find({ learnerId: 'l-late' })).map((v) => v._id)).toEqual(['late']);
        expect(indexer.queryPlan('views', { learnerId: 'l-late' }).join(' ')).toMatch(/USING INDEX rm_views_learnerId__id/);
      } finally {
        await writer.close();
        await indexer.close();
      }
    }));

  it('opens a file from before those columns: its indexes move to them under their names, and its documents are found through them', () =>
    withFile(async (file) => {
      const old = new Database(file);
      old.pragma('journal_mode = WAL');
      old.exec(`CREATE TABLE rm_views (id TEXT PRIMARY KEY, revision INTEGER, doc TEXT NOT NULL)`);
      old.exec(
        `CREATE INDEX rm_views_learnerId_status__id ON rm_views (json_extract(doc, '$.learnerId'), json_extract(doc, '$.status'), id)`,
      );
      const insert = old.prepare(`INSERT INTO rm_views (id, revision, doc) VALUES (?, ?, ?)`);
      for (const doc of [view('a', 0, 'LOCKED'), { ...view('b', 3, 'RELEASED'), learnerId: 'l-a' }])
        insert.run(doc._id, doc.revision, JSON.stringify(doc));
      old.close();

      const store = new SqliteReadModelStore(file);
      try {
        const views = store.collection<View>('views');
        expect(await views.indexes()).toEqual([['learnerId', 'status', '_id']]);
        expect((await views.find({ learnerId: 'l-a' })).map((v) => v._id)).toEqual(['a', 'b']);
        expect((await views.find({ learnerId: 'l-a', status: 'RELEASED' })).map((v) => v._id)).toEqual(['b']);
        expect(store.queryPlan('views', { learnerId: 'l-a', status: 'RELEASED' }).join(' ')).toMatch(
          /USING INDEX rm_views_learnerId_status__id/,
        );
        await views.putIfNewer({ ...view('a', 1, 'RELEASED'), learnerId: 'l-a' });
        expect((await views.find({ learnerId: 'l-a', status: 'RELEASED' })).map((v) => v._id)).toEqual(['a', 'b']);
        await nextTurn();
        expect(rowsOf(file, `SELECT sql FROM sqlite_master WHERE name = 'rm_views_learnerId_status__id'`)).toEqual([
          { sql: `CREATE INDEX rm_views_learnerId_status__id ON rm_views (k_learnerId, k_status, id)` },
        ]);
      } finally {
        await store.close();
      }
    }));

  it('writes a batch’s rows with their indexed fields: what the batch writer wrote is found through the indexes', () =>
    withStore(async (store) => {
      const views = store.collection<View>('views');
      await views.ensureIndex(['status']);
      await nextTurn();
      const writer = store.batchWriter();
      if (!writer) throw new Error('a store on a file has a batch writer');
      await writer.write([
        { collection: 'views', doc: view('a', 0, 'LOCKED') },
        { collection: 'views', doc: view('b', 0, 'RELEASED') },
      ]);
      await writer.write([{ collection: 'views', doc: view('a', 1, 'RELEASED', 4) }]);
      await writer.close();
      expect((await views.find({ status: 'RELEASED' })).map((v) => [v._id, v.xp])).toEqual([
        ['a', 4],
        ['b', 0],
      ]);
      expect(await views.find({ status: 'LOCKED' })).toEqual([]);
    }));
});
