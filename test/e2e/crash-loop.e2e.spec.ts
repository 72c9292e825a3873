/**
 * The crash loop (issue 10): rounds of `kill -9` at random moments while commands and uploads run
 * concurrently. Afterwards every acknowledged command is in the log, both SQLite files pass
 * `PRAGMA integrity_check`, no partial upload is left, and the projections equal a rebuild.
 * CRASH_ROUNDS sets the rounds (10 in `npm test`, 50 in `npm run test:crash`).
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '../../libs/event-store/src';
import { SqliteReadModelStore } from '../../libs/read-models/src';
import { ApiClient } from '../support/api-client';
import { graphql } from '../support/graphql';
import { admin } from '../support/people';
import { rebuildAll, snapshot } from '../support/read-model-snapshot';
import { enrollAndStart } from '../support/scenario';
import { startServerProcess } from '../support/server-process';
import { storedFiles } from '../support/stored-files';

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 10);
const EXAMS = 3;
const learnerOf = (i: number) => ({ role: 'learner' as const, id: `crash-learner-${i}` });

interface Acknowledged {
  stream: string;
  revision: number;
  type: string;
  fileId?: string;
}

/** Commands and uploads from several clients at once, until the server dies; answers what it acknowledged. */
async function load(api: ApiClient, round: number, acknowledged: Acknowledged[], signal: AbortSignal): Promise<void> {
  const client = async (c: number) => {
    for (let n = 0; !signal.aborted; n++) {
      const i = (c + n) % EXAMS;
      const examId = `crash-${i}`;
      try {
        if ((c + n) % 3 === 0) {
          const content = Buffer.from(`%PDF-1.4 round ${round} client ${c} upload ${n} ${'x'.repeat(20_000 * (n % 4))}`);
          const answer = await api.upload(examId, learnerOf(i), { name: `r${round}-${c}-${n}.pdf`, type: 'application/pdf', content });
          if (answer.status === 201)
            acknowledged.push({
              stream: `exam-${examId}`,
              revision: answer.body.revision,
              type: 'ExamFileUploaded',
              fileId: answer.body.fileId,
            });
        } else {
          const answer = await api.post(`/api/exams/${examId}/xp`, admin, { amount: 1, source: `r${round}-${c}-${n}` });
          if (answer.status === 200) acknowledged.push({ stream: `exam-${examId}`, revision: answer.body.revision, type: 'XpAwarded' });
        }
      } catch {
        return; // the server is gone: what it acknowledged so far is what must survive
      }
    }
  };
  await Promise.all(Array.from({ length: 6 }, (_, c) => client(c)));
}

describe('the crash loop', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'exam-crash-loop-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it(`keeps every acknowledged write through ${ROUNDS} rounds of kill -9 under concurrent commands and uploads`, async () => {
    const acknowledged: Acknowledged[] = [];
    const setUp = await startServerProcess(dataDir);
    for (let i = 0; i < EXAMS; i++) await enrollAndStart(setUp.api, { examId: `crash-${i}`, learnerId: learnerOf(i).id });
    await setUp.stop();

    for (let round = 1; round <= ROUNDS; round++) {
      const server = await startServerProcess(dataDir);
      const stop = new AbortController();
      const running = load(server.api, round, acknowledged, stop.signal);
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.floor(Math.random() * 400)));
      await server.kill9();
      stop.abort();
      await running;
    }
    expect(acknowledged.length).toBeGreaterThan(ROUNDS);

    // The last start sweeps what the crashes left in files/incoming/ (at once: INCOMING_STALE_MS=0).
    const last = await startServerProcess(dataDir, [], { INCOMING_STALE_MS: '0' });
    const head = await last.api.post('/api/exams/crash-0/xp', admin, { amount: 1, source: 'after the crashes' });
    expect(head.status).toBe(200);
    expect((await graphql(last.api, learnerOf(0), '{ myExams { id } }', {}, head.body.position)).status).toBe(200);
    await last.stop();

    expect(readdirSync(join(dataDir, 'files', 'incoming'))).toEqual([]);
    for (const file of ['events.sqlite', 'read-models.sqlite']) {
      const db = new Database(join(dataDir, file), { readonly: true });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
    }

    const log = SqliteEventStore.open(join(dataDir, 'events.sqlite'));
    const readModels = new SqliteReadModelStore(join(dataDir, 'read-models.sqlite'));
    const rebuilt = new SqliteReadModelStore(':memory:');
    try {
      const events = await log.readAll();
      const at = new Map(events.map((e) => [`${e.stream}@${e.revision}`, e]));
      const lost = acknowledged.filter((a) => {
        const event = at.get(`${a.stream}@${a.revision}`);
        return event?.type !== a.type || (a.fileId !== undefined && event.data.fileId !== a.fileId);
      });
      expect(lost).toEqual([]);
      const blobs = storedFiles(dataDir).map((path) => path.split('/').at(-1));
      const uploaded = events.filter((e) => e.type === 'ExamFileUploaded').map((e) => String(e.data.sha256));
      expect(uploaded.filter((sha) => !blobs.includes(sha))).toEqual([]);
      await rebuildAll(log, rebuilt);
      expect(await snapshot(readModels)).toEqual(await snapshot(rebuilt));
    } finally {
      await Promise.all([log.close(), readModels.close(), rebuilt.close()]);
    }
  }, 180_000);
});
