/** CONTRACT.md: a rate limit per authenticated subject (per client address without a valid token): 429 RATE_LIMITED with Retry-After. */
import { Who } from '../support/api-client';
import { graphql } from '../support/graphql';
import { startTestApp, TestApp } from '../support/test-app';

const learner: Who = { role: 'learner', id: 'learner-r' };
const other: Who = { role: 'learner', id: 'learner-s' };

describe('the rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ withWorker: false, rateLimitPerMinute: 5 });
  });
  afterAll(() => t.close());

  it('counts commands and reads of one subject together; over the limit is 429 RATE_LIMITED with Retry-After', async () => {
    for (let i = 0; i < 3; i++) expect((await graphql(t.api, learner, '{ myExams { id } }')).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await t.api.post('/api/learners/learner-r/trial', learner)).status).not.toBe(429);
    const over = await t.api.post('/api/learners/learner-r/trial', learner);
    expect(over).toMatchObject({ status: 429, body: { statusCode: 429, code: 'RATE_LIMITED' } });
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('keeps its own count for every other subject, and never limits the health checks', async () => {
    expect((await graphql(t.api, other, '{ myExams { id } }')).status).toBe(200);
    for (let i = 0; i < 10; i++) expect((await t.api.call('GET', '/health/live')).status).toBe(200);
  });

  it('counts requests without a valid token by client address', async () => {
    const statuses = [];
    for (let i = 0; i < 7; i++)
      statuses.push((await t.api.call('GET', '/api/audit/events', { headers: { authorization: 'Bearer junk' } })).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.at(-1)).toBe(429);
  });

  it('sets security headers on every answer', async () => {
    const answer = await t.api.call('GET', '/health/live');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('x-frame-options')).toBe('DENY');
  });
});
