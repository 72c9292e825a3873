/**
 * The GraphQL document cache runs only in the built server (jest cannot load its ESM LRU), so it is
 * tested there: a spawned `npm start` answers repeated documents, accepted and refused, the same way.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { graphql } from '../support/graphql';
import { learner } from '../support/people';
import { enrollAndStart } from '../support/scenario';
import { ServerProcess, startServerProcess } from '../support/server-process';

describe('the GraphQL document cache (built server)', () => {
  let dataDir: string;
  let server: ServerProcess;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'exam-gql-cache-'));
    server = await startServerProcess(dataDir);
    await enrollAndStart(server.api, { examId: 'exam-cache' });
  });
  afterAll(async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers a repeated query the same, with fresh data each time', async () => {
    const query = 'query($id: ID!) { exam(id: $id) { id status files { name } } }';
    const written = await server.api.post('/api/exams/exam-cache/video-links', learner, { url: 'https://v.example/c', title: 'c' });
    const first = await graphql(server.api, learner, query, { id: 'exam-cache' }, written.body.position);
    const upload = await server.api.upload('exam-cache', learner, {
      name: 'more.pdf',
      type: 'application/pdf',
      content: Buffer.from('%PDF-1.4 more'),
    });
    const second = await graphql(server.api, learner, query, { id: 'exam-cache' }, upload.body.position);
    expect(first.body.data.exam.files).toHaveLength(1);
    expect(second.body.data.exam.files).toHaveLength(2);
  });

  it('refuses a repeated refused document every time, and keeps scope per caller', async () => {
    const cycle = 'query { ...A } fragment A on Query { myExams { id } ...A ...A }';
    for (let i = 0; i < 3; i++) expect((await graphql(server.api, learner, cycle)).status).toBe(400);
    const query = '{ exam(id: "exam-cache") { id } }';
    expect((await graphql(server.api, learner, query)).body.data.exam).toEqual({ id: 'exam-cache' });
    expect((await graphql(server.api, { role: 'learner', id: 'someone-else' }, query)).body.data.exam).toBeNull();
  });
});
