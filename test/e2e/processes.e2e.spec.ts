import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../libs/event-store/src';
import { MongoReadModelStore } from '../../libs/read-models/src/mongodb/mongo-read-model-store';
import { until } from '../support/event-log';
import { examAs, graphql } from '../support/graphql';
import { admin, assessor, coach, learner } from '../support/people';
import { rebuildAll, snapshot } from '../support/read-model-snapshot';
import { enroll } from '../support/scenario';
import { ServerProcess, startServerProcess, startWorkerProcess } from '../support/server-process';
import { isolatedMongoUrl } from '../support/test-app';

/**
 * Issue "EventStoreDB adapter, separate api/worker processes": an api process and a separate worker
 * process share the SQLite event log file and read models on MongoDB (FerretDB); the worker notices
 * new events without a restart, and a kill -9 of the worker resumes from its checkpoints.
 */
const mongo = process.env.MONGO_URL;
const suite = mongo ? describe : describe.skip;
if (!mongo) console.warn(`api/worker process tier skipped: ${process.env.MONGO_SKIP_REASON ?? 'MONGO_URL is not set'}`);

suite(`separate api and worker processes (skipped without MONGO_URL: ${mongo ? 'set' : 'not set'})`, () => {
  let dataDir: string;
  let mongoUrl: string;
  const processes: ServerProcess[] = [];
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'exam-processes-'));
    mongoUrl = isolatedMongoUrl(mongo!, 'processes');
  });
  afterEach(async () => {
    for (const p of processes.splice(0)) await p.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('passes the lifecycle walk; kill -9 of the worker resumes from checkpoints, nothing lost or applied twice', async () => {
    // With Redis available the proof-of-participation job also runs through BullMQ in the worker.
    const env = { MONGO_URL: mongoUrl, WORKER_LEASE_TTL_MS: '1500', REDIS_URL: process.env.REDIS_URL ?? '' };
    const api = await startServerProcess(dataDir, ['--api-only'], env);
    processes.push(api);
    let worker = await startWorkerProcess(dataDir, env);
    processes.push(worker);
    const http = api.api;
    const examId = 'exam-processes';
    const exam = `/api/exams/${examId}`;
    const position = (answer: { status: number; body: { position: string } }) => {
      if (answer.status >= 300) throw new Error(JSON.stringify(answer.body));
      return answer.body.position;
    };

    await enroll(http, { examId, earlyReleaseAllowed: true });
    expect((await examAs(http, learner, examId, position(await http.post(`${exam}/release`, coach, { early: true }))))?.status).toBe(
      'RELEASED',
    );
    await http.post(`/api/learners/${learner.id}/trial`, learner);
    expect((await examAs(http, learner, examId, position(await http.post(`${exam}/start`, learner))))?.status).toBe('IN_PROGRESS');

    await worker.kill9(); // the api keeps taking commands while no worker runs
    const whileDown = [
      await http.upload(examId, learner, { name: 'a.pdf', type: 'application/pdf', content: Buffer.from('answer') }),
      await http.post(`${exam}/hand-in`, learner),
      await http.post(`${exam}/assessor`, admin, { assessorId: assessor.id }),
    ].map(position);
    const lagging = await graphql(http, learner, '{ myExams { id } }', {}, whileDown.at(-1));
    expect(lagging).toMatchObject({ status: 503, body: { code: 'PROJECTION_LAGGING' } });

    worker = await startWorkerProcess(dataDir, env);
    processes.push(worker);
    const handedIn = await examAs(http, learner, examId, whileDown.at(-1));
    expect(handedIn).toMatchObject({ status: 'HANDED_IN', assessorId: assessor.id, files: [expect.objectContaining({ name: 'a.pdf' })] });
    const last = position(await http.post(`${exam}/assessment`, assessor, { grade: { numeric: 9 }, feedback: 'Excellent.' }));
    expect(await examAs(http, learner, examId, last)).toMatchObject({ status: 'PASSED', assessment: { numeric: 9, passed: true } });
    expect((await http.post(`${exam}/proof-of-participation`, coach)).status).toBe(202);
    const pdf = await until(async () => {
      const answer = await http.call('GET', `${exam}/proof-of-participation`, { as: learner });
      return answer.status === 200 ? answer : undefined;
    }, 15_000);
    expect(pdf.body).toMatch(/^%PDF/);

    const events = SqliteEventStore.open(join(dataDir, 'events.sqlite'));
    const incremental = await MongoReadModelStore.connect(mongoUrl);
    const rebuilt = await MongoReadModelStore.connect(isolatedMongoUrl(mongo!, 'processes_rebuilt'));
    try {
      await rebuildAll(events, rebuilt);
      const expected = await snapshot(rebuilt);
      expect(expected.notifications_v1.length).toBeGreaterThanOrEqual(4);
      expect(await snapshot(incremental)).toEqual(expected);
    } finally {
      await Promise.all([events.close(), incremental.close(), rebuilt.close()]);
    }
  }, 60_000);

  it('runs one leading worker; a standby takes over when the leader is killed', async () => {
    const env = { MONGO_URL: mongoUrl, WORKER_LEASE_TTL_MS: '1500' };
    const api = await startServerProcess(dataDir, ['--api-only'], env);
    const first = await startWorkerProcess(dataDir, env);
    processes.push(api, first);
    await new Promise((r) => setTimeout(r, 300));
    const second = await startWorkerProcess(dataDir, env);
    processes.push(second);
    await new Promise((r) => setTimeout(r, 800));
    const leaders = [first, second].filter((w) => /acquired/.test(w.output()));
    expect(leaders).toHaveLength(1);
    const standby = leaders[0] === first ? second : first;
    await leaders[0].kill9();
    await enroll(api.api, { examId: 'exam-takeover' });
    const answer = await api.api.post('/api/exams/exam-takeover/xp', admin, { amount: 5, source: 'x' });
    expect((await examAs(api.api, admin, 'exam-takeover', answer.body.position))?.xp).toBe(5);
    expect(standby.output()).toMatch(/acquired/);
  }, 60_000);
});
