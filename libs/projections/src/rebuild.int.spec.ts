import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { examStream, InMemoryEventStore, institutionStream } from '@exam/event-store';
import { BatchWriter, batchWriterFor, DocumentWrite, ReadModelStore } from '@exam/read-models';
import { SqliteReadModelStore } from '@exam/read-models/embedded/sqlite-read-model-store';
import { MongoReadModelStore } from '@exam/read-models/mongodb/mongo-read-model-store';
import { AUDIT_EVENTS, AuditEventDocument, AuditEventsProjector } from './audit/audit-events.projector';
import { checkpointName, ProjectionRuntime, ReadSideProgress, rebuildProjection, rebuildProjections } from './projection-runtime';
import { ReadModelCheckpoints } from './read-model-checkpoints';

/** A rebuild drops documents and indexes, then builds what setUp and the log say, and nothing else. */
const metadata = {
  actorId: 'admin',
  actorRole: 'admin',
  occurredAt: '2026-01-01T00:00:00.000Z',
  correlationId: 'c',
  causationId: 'c',
  schemaVersion: 1,
};

/** Six exams registered, then four more events of each, round-robin: most exams' events fall into several batches. */
async function examsInterleaved(): Promise<{ events: InMemoryEventStore; institutionOf: Map<string, string> }> {
  const events = new InMemoryEventStore();
  const institutionOf = new Map<string, string>();
  const exams = Array.from({ length: 6 }, () => examStream(randomUUID()));
  for (const [n, stream] of exams.entries()) {
    institutionOf.set(stream, `inst-${n}`);
    await events.append(
      stream,
      [{ id: randomUUID(), type: 'ExamRegistered', data: { institutionId: `inst-${n}` }, metadata }],
      'no_stream',
    );
  }
  for (let revision = 1; revision <= 4; revision++) {
    for (const stream of exams) {
      await events.append(stream, [{ id: randomUUID(), type: 'XpAwarded', data: { amount: 1 }, metadata }], revision - 1);
    }
  }
  return { events, institutionOf };
}

/** The store, each batch written by `write`, which is given the store's own batch writer. */
function withBatchWrites(
  store: ReadModelStore,
  write: (batch: readonly DocumentWrite[], own: BatchWriter) => Promise<void>,
): ReadModelStore {
  return {
    collection: (name) => store.collection(name),
    inOneWrite: (work) => store.inOneWrite(work),
    batchWriter: () => {
      const own = batchWriterFor(store);
      return { write: (batch) => write(batch, own), close: () => own.close() };
    },
    ping: () => store.ping(),
    close: () => store.close(),
  };
}

function rebuildSuite(name: string, open: () => Promise<{ store: ReadModelStore; close: () => Promise<void> }>) {
  describe(`rebuildProjection on ${name}`, () => {
    it('leaves exactly the indexes setUp declares (stale ones gone) and only the documents of the log', async () => {
      const { store, close } = await open();
      try {
        const events = new InMemoryEventStore();
        const stream = institutionStream(`inst-${randomUUID()}`);
        const policy = { institutionId: 'inst', gradingScale: 'numeric', passMark: 5.5, resitsAllowed: true, earlyReleaseAllowed: false };
        await events.append(stream, [{ id: randomUUID(), type: 'InstitutionPolicySet', data: policy, metadata }], 'no_stream');
        const projector = new AuditEventsProjector();
        const audit = store.collection(AUDIT_EVENTS);
        await rebuildProjection(events, store, projector);
        const declared = (await audit.indexes()).sort();
        expect(declared.length).toBeGreaterThan(0);

        await audit.ensureIndex(['stale']); // what an earlier version of the projector declared
        await audit.put({ _id: 'stray' });
        expect(await rebuildProjection(events, store, projector)).toBe(1);
        expect((await audit.indexes()).sort()).toEqual(declared);
        expect(await audit.get('stray')).toBeUndefined();
        expect(await audit.count()).toBe(1);
      } finally {
        await close();
      }
    });

    it('after an upgrade of the audit trail to version 2, fills it from the log start, drops version 1 and resets its checkpoint', async () => {
      const { store, close } = await open();
      try {
        const events = new InMemoryEventStore();
        const ids: string[] = [];
        for (let n = 0; n < 3; n++) {
          const institutionId = `inst-${randomUUID()}`;
          const policy = { institutionId, gradingScale: 'numeric', passMark: 5.5, resitsAllowed: true, earlyReleaseAllowed: false };
          ids.push(randomUUID());
          await events.append(
            institutionStream(institutionId),
            [{ id: ids[n], type: 'InstitutionPolicySet', data: policy, metadata }],
            'no_stream',
          );
        }
        // What version 1 left: its documents, keyed by event id, and its checkpoint at the head.
        const head = await events.headPosition();
        await store.collection('audit_events_v1').put({ _id: ids[0] });
        await new ReadModelCheckpoints(store).save('projection:audit-events', head ?? '');

        const projector = new AuditEventsProjector();
        const runtime = new ProjectionRuntime(events, store, [projector]);
        await runtime.start();
        try {
          const progress = new ReadSideProgress(events, store, [projector]);
          for (let wait = 0; !(await progress.caughtUpTo(head ?? '')) && wait < 200; wait++) await new Promise((r) => setTimeout(r, 25));
        } finally {
          await runtime.stop();
        }
        const trail = await store.collection<AuditEventDocument>(AUDIT_EVENTS).find({}, { sort: { field: '_id', direction: 1 } });
        expect(trail.map((entry) => entry.eventId)).toEqual(ids);
        expect(await store.collection('audit_events_v1').count()).toBe(0);
        expect(checkpointName(projector)).toBe('projection:audit-events:v2');
        // Version 1 run again (a rollback) starts from the log's start, not at the head over an empty collection.
        expect(await new ReadModelCheckpoints(store).load('projection:audit-events')).toBeUndefined();
      } finally {
        await close();
      }
    });

    it.each([7, 8])('applies a log of %i events in pages of 2, two pages a batch, up to its last position', async (length) => {
      const { store, close } = await open();
      try {
        const events = new InMemoryEventStore();
        for (let n = 0; n < length; n++) {
          const institutionId = `inst-${randomUUID()}`;
          const policy = { institutionId, gradingScale: 'numeric', passMark: 5.5, resitsAllowed: true, earlyReleaseAllowed: false };
          await events.append(
            institutionStream(institutionId),
            [{ id: randomUUID(), type: 'InstitutionPolicySet', data: policy, metadata }],
            'no_stream',
          );
        }
        const projector = new AuditEventsProjector();
        const reported: number[] = [];
        expect(await rebuildProjections(events, store, [projector], (applied) => reported.push(applied), 2, 2)).toBe(length);
        expect(reported).toEqual(length === 7 ? [4, 7] : [4, 8]);
        expect(await store.collection(AUDIT_EVENTS).count()).toBe(length);
        expect(await new ReadModelCheckpoints(store).load(checkpointName(projector))).toBe(await events.headPosition());
      } finally {
        await close();
      }
    });
    it('applies the next pages while a batch is still being written, and ends where applying every event would', async () => {
      const { store, close } = await open();
      try {
        const { events, institutionOf } = await examsInterleaved();
        const slow = withBatchWrites(store, async (batch, own) => {
          await new Promise((resolve) => setTimeout(resolve, 20)); // the batch stays in flight while the next pages are applied
          await own.write(batch);
        });
        const projector = new AuditEventsProjector();
        expect(await rebuildProjections(events, slow, [projector], undefined, 2, 1)).toBe(30);
        const trail = await store.collection<AuditEventDocument>(AUDIT_EVENTS).find({});
        expect(trail).toHaveLength(30);
        // Each exam's institution was stored in its first batch and read back by the events of later ones.
        for (const entry of trail) expect(entry.institutionId).toBe(institutionOf.get(entry.stream));
        expect(await new ReadModelCheckpoints(store).load(checkpointName(projector))).toBe(await events.headPosition());
      } finally {
        await close();
      }
    });

    it('fails when a batch fails, with the checkpoint where the batch before it left it, and none of its documents', async () => {
      const { store, close } = await open();
      try {
        const { events } = await examsInterleaved();
        let batches = 0;
        const failing = withBatchWrites(store, (batch, own) =>
          ++batches === 2 ? Promise.reject(new Error('disk full')) : own.write(batch),
        );
        const projector = new AuditEventsProjector();
        await expect(rebuildProjections(events, failing, [projector], undefined, 2, 1)).rejects.toThrow('disk full');
        const firstBatch = await events.readAll({ limit: 2 });
        expect(await new ReadModelCheckpoints(store).load(checkpointName(projector))).toBe(firstBatch[1].position);
        expect(await store.collection(AUDIT_EVENTS).count()).toBe(2);
      } finally {
        await close();
      }
    });
  });
}

rebuildSuite('the embedded store', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rebuild-'));
  const store = new SqliteReadModelStore(join(dir, 'read-models.sqlite'));
  return { store, close: async () => (await store.close(), rmSync(dir, { recursive: true, force: true })) };
});

const mongoUrl = process.env.MONGO_URL;
if (mongoUrl) {
  rebuildSuite('MongoDB', async () => {
    const own = new URL(mongoUrl);
    own.pathname = `/rebuild_${Date.now().toString(36)}`; // the audit collection of other suites stays theirs
    const store = await MongoReadModelStore.connect(own.toString());
    return { store, close: () => store.close() };
  });
}
