import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemoryEventStore, institutionStream } from '@exam/event-store';
import { ReadModelStore } from '@exam/read-models';
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
