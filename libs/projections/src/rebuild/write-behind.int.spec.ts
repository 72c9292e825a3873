import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriter, batchWriterFor, ReadDocument, ReadModelStore, SqliteReadModelStore } from '@exam/read-models';
import { WriteBehind } from './write-behind';

interface Doc extends ReadDocument {
  revision: number;
  value: string;
}

type Step =
  | { kind: 'putIfNewer'; id: string; revision: number; value: string }
  | { kind: 'insertIfAbsent'; id: string; revision: number; value: string }
  | { kind: 'put'; id: string; revision: number; value: string }
  | { kind: 'get'; id: string }
  | { kind: 'getAndChange'; id: string }
  | { kind: 'flush' };

const ids = fc.constantFrom('a', 'b', 'c');
const write = (kind: 'putIfNewer' | 'insertIfAbsent' | 'put') =>
  fc.record({ kind: fc.constant(kind), id: ids, revision: fc.integer({ min: 0, max: 6 }), value: fc.string({ maxLength: 3 }) });
const step: fc.Arbitrary<Step> = fc.oneof(
  write('putIfNewer'),
  write('insertIfAbsent'),
  write('put'),
  fc.record({ kind: fc.constant('get' as const), id: ids }),
  fc.record({ kind: fc.constant('getAndChange' as const), id: ids }),
  fc.constant({ kind: 'flush' as const }),
);

/** What the rebuild does with a batch: writes what the buffer hands over, then lets the buffer forget it. */
async function written(writer: BatchWriter, buffer: WriteBehind): Promise<number> {
  const batch = buffer.flush();
  await writer.write(batch);
  buffer.forget();
  return batch.length;
}

/** Runs the steps on a store and answers what each step answered, then every document. */
async function run(store: ReadModelStore, steps: Step[], buffered: boolean, startsEmpty = false) {
  const buffer = buffered ? new WriteBehind(store, new Set(startsEmpty ? ['docs'] : [])) : undefined;
  const writer = buffered ? batchWriterFor(store) : undefined;
  const target = () => (buffer ?? store).collection<Doc>('docs');
  const answers: unknown[] = [];
  for (const s of steps) {
    if (s.kind === 'flush') {
      if (buffer && writer) await written(writer, buffer);
      continue;
    }
    if (s.kind === 'get' || s.kind === 'getAndChange') {
      const doc = await target().get(s.id);
      answers.push(doc ? { ...doc } : undefined);
      if (doc && s.kind === 'getAndChange') {
        // What a reader changes must not reach the store: the store's copy is its own, the buffer's is frozen.
        try {
          doc.value = 'changed by the reader';
        } catch (error) {
          if (!(buffered && error instanceof TypeError)) throw error;
        }
      }
      continue;
    }
    const doc = { _id: s.id, revision: s.revision, value: s.value };
    answers.push(await target()[s.kind](doc));
  }
  if (buffer && writer) {
    await written(writer, buffer);
    await writer.close();
  }
  return { answers, stored: await store.collection<Doc>('docs').find({}) };
}

/** The store, noting each id read from it. */
function countingReads(store: ReadModelStore, reads: string[]): ReadModelStore {
  return {
    collection: <T extends ReadDocument>(name: string) => {
      const collection = store.collection<T>(name);
      return Object.assign(Object.create(collection), {
        get: (id: string) => {
          reads.push(id);
          return collection.get(id);
        },
      });
    },
    inOneWrite: (work) => store.inOneWrite(work),
    ping: () => store.ping(),
    close: () => store.close(),
  };
}

/** A store in a directory of its own and its batch writer, for one test; both closed and the directory removed after. */
async function withStore(test: (store: SqliteReadModelStore, writer: BatchWriter) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'write-behind-'));
  const store = new SqliteReadModelStore(join(dir, 'rm.sqlite'));
  const writer = batchWriterFor(store);
  try {
    await test(store, writer);
  } finally {
    await writer.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the rebuild write-behind buffer', () => {
  it.each([
    ['a collection that may hold documents', false],
    ['a collection emptied first (the rebuild: ids it never wrote are not read)', true],
  ])(
    'answers and stores what the store itself would, for any sequence of reads and writes, flushed anywhere: %s',
    async (_, startsEmpty) => {
      await fc.assert(
        fc.asyncProperty(fc.array(step, { maxLength: 40 }), async (steps) => {
          const dir = mkdtempSync(join(tmpdir(), 'write-behind-'));
          const direct = new SqliteReadModelStore(join(dir, 'direct.sqlite'));
          const behind = new SqliteReadModelStore(join(dir, 'behind.sqlite'));
          try {
            expect(await run(behind, steps, true, startsEmpty)).toEqual(await run(direct, steps, false));
          } finally {
            await Promise.all([direct.close(), behind.close()]);
            rmSync(dir, { recursive: true, force: true });
          }
        }),
        { numRuns: 150 },
      );
    },
  );

  it('writes nothing until flushed, and each changed document once', () =>
    withStore(async (store, writer) => {
      const buffer = new WriteBehind(store);
      for (let revision = 0; revision < 50; revision++) {
        await buffer.collection<Doc>('docs').putIfNewer({ _id: 'exam-1', revision, value: `r${revision}` });
      }
      expect(await store.collection('docs').count()).toBe(0);
      expect(await written(writer, buffer)).toBe(1);
      expect(await store.collection<Doc>('docs').get('exam-1')).toEqual({ _id: 'exam-1', revision: 49, value: 'r49' });
    }));

  it('reads a document it keeps using once for the whole rebuild, and forgets one used once when its batch is written', () =>
    withStore(async (store, writer) => {
      const reads: string[] = [];
      const counted = countingReads(store, reads);
      await store.collection<Doc>('docs').put({ _id: 'exam-1', revision: 0, value: 'r0' });
      await store.collection<Doc>('docs').put({ _id: 'once', revision: 0, value: 'x' });
      const buffer = new WriteBehind(counted);
      const docs = buffer.collection<Doc>('docs');
      expect(await docs.get('once')).toEqual({ _id: 'once', revision: 0, value: 'x' });
      for (let page = 1; page <= 3; page++) {
        expect((await docs.get('exam-1'))?.revision).toBe(page - 1);
        await docs.putIfNewer({ _id: 'exam-1', revision: page, value: `r${page}` });
        await written(writer, buffer);
        expect(await store.collection<Doc>('docs').get('exam-1')).toEqual({ _id: 'exam-1', revision: page, value: `r${page}` });
      }
      expect(await docs.get('once')).toEqual({ _id: 'once', revision: 0, value: 'x' });
      expect(reads).toEqual(['once', 'exam-1', 'once']);
    }));

  it('answers from what it handed over while that batch is being written, and reads it from the store once written', () =>
    withStore(async (store, writer) => {
      const reads: string[] = [];
      const counted = countingReads(store, reads);
      const buffer = new WriteBehind(counted);
      const docs = buffer.collection<Doc>('docs');
      await docs.insertIfAbsent({ _id: 'entry', revision: 0, value: 'kept' });
      await docs.insertIfAbsent({ _id: 'once', revision: 0, value: 'written' });
      const batch = writer.write(buffer.flush()); // not awaited: the rebuild applies the next pages meanwhile
      // The store may not have the batch yet: the buffer answers, refusing a second insert as the store would.
      expect(await docs.insertIfAbsent({ _id: 'entry', revision: 1, value: 'again' })).toBe(false);
      expect(reads).toEqual(['entry', 'once']); // each asked for once, when first inserted
      await batch;
      buffer.forget();
      expect(await store.collection<Doc>('docs').get('entry')).toEqual({ _id: 'entry', revision: 0, value: 'kept' });
      expect(await docs.get('once')).toEqual({ _id: 'once', revision: 0, value: 'written' }); // used once: forgotten, read back
      expect(await docs.get('entry')).toEqual({ _id: 'entry', revision: 0, value: 'kept' }); // used twice: still held
      expect(reads).toEqual(['entry', 'once', 'once']);
    }));

  it('over its limit, lets go of documents as written only: one changed since the flush is still handed over', () =>
    withStore(async (store, writer) => {
      const buffer = new WriteBehind(store, new Set(['docs']), 1);
      const docs = buffer.collection<Doc>('docs');
      for (const id of ['a', 'b']) {
        await docs.putIfNewer({ _id: id, revision: 0, value: id });
        await docs.get(id); // used twice: kept across batches, up to the limit
      }
      await writer.write(buffer.flush());
      await docs.putIfNewer({ _id: 'c', revision: 0, value: 'after the flush' });
      buffer.forget(); // three held, one allowed: a and b go, c is in no batch yet
      expect(buffer.flush()).toEqual([{ collection: 'docs', doc: { _id: 'c', revision: 0, value: 'after the flush' } }]);
      expect(await docs.get('a')).toEqual({ _id: 'a', revision: 0, value: 'a' }); // read back from the store
    }));
});
