import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../libs/event-store/src';
import { SqliteReadModelStore } from '../../libs/read-models/src';
import { graphql } from '../support/graphql';
import { admin, assessor, coach, learner } from '../support/people';
import { applyEvery, rebuildAll, snapshot } from '../support/read-model-snapshot';
import { enrollAndStart } from '../support/scenario';
import { startServerProcess } from '../support/server-process';

const ROOT = join(__dirname, '..', '..');

/** Drives several exams through the lifecycle; answers the position of the last command. */
async function busyDay(api: import('../support/api-client').ApiClient, prefix: string, exams: number): Promise<string> {
  let position = '0';
  await Promise.all(
    Array.from({ length: exams }, async (_, i) => {
      const examId = `${prefix}-${i}`;
      const who = { role: 'learner' as const, id: `${prefix}-learner-${i}` };
      await enrollAndStart(api, { examId, learnerId: who.id, programId: `${prefix}-prog` });
      const steps = [
        () => api.post(`/api/exams/${examId}/video-links`, who, { url: `https://v.example/${i}`, title: 'v' }),
        () => api.post(`/api/exams/${examId}/hand-in`, who),
        () => api.post(`/api/exams/${examId}/assessor`, admin, { assessorId: assessor.id }),
        () => api.post(`/api/exams/${examId}/assessment`, assessor, { grade: { numeric: 4 + (i % 5) }, feedback: 'ok' }),
        () => api.post(`/api/exams/${examId}/reopen-requests`, coach, { reason: 'resit', note: 'again' }),
      ];
      for (const step of steps) {
        const answer = await step();
        if (answer.status < 300 && answer.body.position > position) position = answer.body.position;
      }
    }),
  );
  return position;
}

describe('projections: idempotent, rebuildable, crash-safe', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'exam-projections-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const openLog = () => SqliteEventStore.open(join(dataDir, 'events.sqlite'));
  const openReadModels = () => new SqliteReadModelStore(join(dataDir, 'read-models.sqlite'));
  const freshReadModels = (name: string) => new SqliteReadModelStore(join(dataDir, `${name}.sqlite`));

  it('kill -9 mid-projection, restart: nothing lost, nothing applied twice; equal to a full rebuild and to applying every event twice', async () => {
    const first = await startServerProcess(dataDir);
    await busyDay(first.api, 'day1', 6);
    await first.kill9(); // projectors are usually still behind the last acknowledged command here

    const second = await startServerProcess(dataDir);
    try {
      const last = await busyDay(second.api, 'day2', 2);
      const caughtUp = await graphql(second.api, learner, '{ myExams { id } }', {}, last);
      expect(caughtUp.status).toBe(200);
    } finally {
      await second.stop();
    }

    const events = openLog();
    const incremental = openReadModels();
    const rebuilt = freshReadModels('rebuilt');
    const twice = freshReadModels('twice');
    try {
      await rebuildAll(events, rebuilt);
      await applyEvery(events, twice, 2);
      const expected = await snapshot(rebuilt);
      expect(expected.exam_views_v1.length).toBe(8);
      expect(expected.notifications_v1.length).toBeGreaterThan(8 * 3);
      expect(await snapshot(incremental)).toEqual(expected);
      expect(await snapshot(twice)).toEqual(expected);
    } finally {
      await Promise.all([events.close(), incremental.close(), rebuilt.close(), twice.close()]);
    }
  }, 60_000);

  it('`npm run projections:rebuild` drops and rebuilds a projection with progress, to identical documents', async () => {
    const server = await startServerProcess(dataDir);
    let before: Record<string, unknown[]>;
    try {
      const last = await busyDay(server.api, 'rb', 3);
      await graphql(server.api, learner, '{ myExams { id } }', {}, last);
    } finally {
      await server.stop();
    }
    const readModels = openReadModels();
    try {
      before = await snapshot(readModels);
    } finally {
      await readModels.close();
    }
    const output = execFileSync(process.execPath, [join(ROOT, 'dist/scripts/rebuild-projections.js'), 'all'], {
      env: { ...process.env, DATA_DIR: dataDir, MONGO_URL: '', LOG_LEVEL: 'silent' },
      encoding: 'utf8',
    });
    // All projections in one pass over the log, with progress.
    expect(output).toMatch(/\d+ projections \(exam-views, .*notifications.*\): \d+ events applied/);
    expect(output).toMatch(/\d+ projections \(exam-views, .*\): rebuilt from \d+ events/);
    const after = openReadModels();
    try {
      expect(await snapshot(after)).toEqual(before);
    } finally {
      await after.close();
    }
  }, 60_000);
});
