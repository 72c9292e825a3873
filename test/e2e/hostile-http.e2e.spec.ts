/**
 * Hostile REST input (issue 10): every refusal is a 4xx in the contract's error body, and
 * nothing is written on the way.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { logEvents } from '../support/audit';
import { admin, learner } from '../support/people';
import { enrollAndStart } from '../support/scenario';
import { startTestApp, TestApp } from '../support/test-app';

const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

describe('hostile REST input', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ withWorker: false });
    await enrollAndStart(t.api, { examId: 'exam-h' });
  });
  afterAll(() => t.close());

  it('5,000 levels of JSON nesting on a learner command are 400, not a stack overflow', async () => {
    const body = `{"url": "https://example.org/v", "title": ${nested(5000)}}`;
    const answer = await t.api.call('POST', '/api/exams/exam-h/video-links', {
      as: learner,
      rawBody: body,
      headers: { 'content-type': 'application/json' },
    });
    expect(answer).toMatchObject({ status: 400, body: { statusCode: 400, code: 'VALIDATION_FAILED' } });
    expect(answer.body.message).toMatch(/nests deeper than 32/);
  });

  it('brackets inside strings do not count as nesting', async () => {
    const answer = await t.api.post('/api/exams/exam-h/video-links', learner, { url: 'https://example.org/v', title: '['.repeat(200) });
    expect(answer.status).toBe(200);
  });

  it.each([
    ['a path traversal', '..%2F..%2Fetc'],
    ['a NUL byte', 'exam%00x'],
    ['markup', '%3Cscript%3Ealert(1)%3C%2Fscript%3E'],
    ['101 characters', 'x'.repeat(101)],
  ])('an exam id with %s is 400 in the contract’s shape, and nothing is written', async (_, id) => {
    const before = (await logEvents(t.dataDir)).length;
    const answer = await t.api.post(`/api/exams/${id}/xp`, admin, { amount: 1, source: 'x' });
    expect(answer).toMatchObject({
      status: 400,
      body: { statusCode: 400, code: 'VALIDATION_FAILED', details: { id: [expect.any(String)] } },
    });
    const policy = await t.api.put(`/api/institutions/${id}/policy`, admin, {
      gradingScale: 'rating',
      resitsAllowed: true,
      earlyReleaseAllowed: false,
    });
    expect(policy).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect((await logEvents(t.dataDir)).length).toBe(before);
  });

  it.each(['false', '0', '""', '[]', 'null'])('a command body %s (JSON, but not an object) is 400', async (body) => {
    const answer = await t.api.call('POST', '/api/exams/exam-h/start', {
      as: learner,
      rawBody: body,
      headers: { 'content-type': 'application/json' },
    });
    expect(answer).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', details: { body: ['must be a JSON object'] } } });
  });

  it('a command without a body at all is taken as {}', async () => {
    const answer = await t.api.call('POST', '/api/learners/learner-h/trial', { as: { role: 'learner', id: 'learner-h' } });
    expect(answer.status).toBe(200);
  });

  it('leaves no stray file behind (incoming is empty after the requests above)', () => {
    expect(readdirSync(join(t.dataDir, 'files', 'incoming'))).toEqual([]);
  });
});
