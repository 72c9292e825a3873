import { randomUUID } from 'node:crypto';
import { examEvents } from '../support/event-log';
import { graphql } from '../support/graphql';
import { admin, learner } from '../support/people';
import { enrollAndStart } from '../support/scenario';
import { startTestApp, TestApp } from '../support/test-app';

/** Edges found in review: each was a real defect once; these keep them fixed. */
describe('edges of uploads, idempotency and reads', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const multipart = (parts: [string, string | Blob, string?][]) => {
    const form = new FormData();
    for (const [name, value, filename] of parts) {
      if (typeof value === 'string') form.append(name, value);
      else form.append(name, value, filename);
    }
    return form;
  };

  it('reads a componentId sent after the file part, and refuses an unknown one sent there', async () => {
    await enrollAndStart(t.api, { examId: 'edge-component', learnerId: learner.id, programId: 'prog-edge' });
    const pdf = new Blob([Buffer.from('late component')], { type: 'application/pdf' });
    const late = await t.api.call('POST', '/api/exams/edge-component/files', {
      as: learner,
      rawBody: multipart([
        ['file', pdf, 'late.pdf'],
        ['componentId', 'c2'],
      ]),
    });
    expect(late.status).toBe(201);
    const uploaded = (await examEvents(t.dataDir, 'edge-component')).filter((e) => e.type === 'ExamFileUploaded').at(-1)!;
    expect(uploaded.data).toMatchObject({ name: 'late.pdf', componentId: 'c2' });
    const unknown = await t.api.call('POST', '/api/exams/edge-component/files', {
      as: learner,
      rawBody: multipart([
        ['file', pdf, 'x.pdf'],
        ['componentId', 'nope'],
      ]),
    });
    expect(unknown).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
  });

  it('treats a .mkv sent as application/octet-stream as a video: over 100 MB is 413', async () => {
    await enrollAndStart(t.api, { examId: 'edge-video', learnerId: learner.id, programId: 'prog-edge' });
    const mib = new Uint8Array(1024 * 1024);
    const big = new Blob([...Array(100).fill(mib), new Uint8Array(1)], { type: 'application/octet-stream' });
    const answer = await t.api.call('POST', '/api/exams/edge-video/files', {
      as: learner,
      rawBody: multipart([['file', big, 'lecture.mkv']]),
    });
    expect(answer).toMatchObject({ status: 413, body: { code: 'FILE_TOO_LARGE' } });
  });

  it('answers two racing uploads with one Idempotency-Key with the one stored file', async () => {
    await enrollAndStart(t.api, { examId: 'edge-race', learnerId: learner.id, programId: 'prog-edge' });
    const key = randomUUID();
    const send = () =>
      t.api.call('POST', '/api/exams/edge-race/files', {
        as: learner,
        headers: { 'idempotency-key': key },
        rawBody: multipart([['file', new Blob([Buffer.alloc(2 * 1024 * 1024, 7)], { type: 'application/pdf' }), 'same.pdf']]),
      });
    const answers = await Promise.all([send(), send(), send()]);
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.fileId)).size).toBe(1);
    const stored = (await examEvents(t.dataDir, 'edge-race')).filter((e) => e.type === 'ExamFileUploaded' && e.data.name === 'same.pdf');
    expect(stored).toHaveLength(1);
    expect(stored[0].data.fileId).toBe(answers[0].body.fileId);
  });

  it('refuses program component ids an upload could not name', async () => {
    const answer = await t.api.put('/api/programs/prog-bad-ids', admin, {
      title: 'x',
      xpRequired: 0,
      hasNextPart: false,
      components: [{ id: 'Part 1', title: 't', instructions: 'i', indicativeMinutes: 1 }],
    });
    expect(answer).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
  });

  it('authenticates GraphQL on the matched route, however the path is spelled', async () => {
    const escaped = await t.api.call('POST', '/%67raphql', { body: { query: '{ myExams { id } }' } });
    expect(escaped).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
  });

  it('answers a malformed X-Min-Position with 400, not 500', async () => {
    for (const position of ['abc', '99999999999999999999999']) {
      const answer = await graphql(t.api, learner, '{ myExams { id } }', {}, position);
      expect(answer).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    }
  });

  it('reports both stores in /health/ready', async () => {
    const ready = await t.api.call('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({
      status: 'ok',
      info: { eventStore: { status: 'up' }, readModels: { status: 'up' }, followers: { status: 'up' } },
      error: {},
      details: { eventStore: { status: 'up' }, readModels: { status: 'up' } },
    });
  });
});
