/**
 * GraphQL documents built to stall the server (issue 10): each is refused with 400 while
 * /health/live keeps answering, so one request can never freeze the event loop.
 */
import { Who } from '../support/api-client';
import { graphql } from '../support/graphql';
import { startTestApp, TestApp } from '../support/test-app';

const learner: Who = { role: 'learner', id: 'learner-1' };

/** Sends the document and, while it is in flight, asks /health/live: both must answer. */
async function refusedWhileLive(t: TestApp, query: string) {
  const [answer, live] = await Promise.all([graphql(t.api, learner, query), t.api.call('GET', '/health/live')]);
  expect(live.status).toBe(200);
  expect(answer.status).toBe(400);
  return answer.body.errors?.map((e) => e.message) ?? [];
}

describe('GraphQL documents that would stall the server', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ withWorker: false });
  });
  afterAll(() => t.close());

  it('a fragment that spreads itself twice (70 bytes) is a fragment cycle, refused at once', async () => {
    const messages = await refusedWhileLive(t, 'query { ...A } fragment A on Query { myExams { id } ...A ...A }');
    expect(messages.join(' ')).toMatch(/Cannot spread fragment "A" within itself/);
  });

  it('a cycle through several fragments is refused too', async () => {
    const messages = await refusedWhileLive(
      t,
      'query { ...A } fragment A on Query { ...B } fragment B on Query { myExams { id } ...A ...A }',
    );
    expect(messages.join(' ')).toMatch(/within itself/);
  });

  it('40 acyclic fragments, each spreading the next twice (2^40 fields), are priced once each and refused by cost', async () => {
    const chain = Array.from({ length: 40 }, (_, i) => `fragment F${i} on Query { myExams { id } ...F${i + 1} ...F${i + 1} }`);
    const query = `query { ...F0 } ${chain.join(' ')} fragment F40 on Query { myExams { id } }`;
    const messages = await refusedWhileLive(t, query);
    expect(messages.join(' ')).toMatch(/query cost \d+(e\+\d+)? exceeds the limit/);
  });

  it('5,000 aliases of exam { __typename } stop at the parser’s token limit', async () => {
    const fields = Array.from({ length: 5000 }, (_, i) => `e${i}: exam(id: "x") { __typename }`).join(' ');
    const messages = await refusedWhileLive(t, `{ ${fields} }`);
    expect(messages.join(' ')).toMatch(/more that 3000 tokens/);
  });

  it('many aliases of a cheap field are refused by the alias limit', async () => {
    const fields = Array.from({ length: 60 }, (_, i) => `t${i}: __typename`).join(' ');
    const messages = await refusedWhileLive(t, `{ ${fields} }`);
    expect(messages.join(' ')).toMatch(/60 aliases exceeds the limit of 50/);
  });

  it('many directives are refused by the directive limit', async () => {
    const directives = Array.from({ length: 60 }, () => '@include(if: true)').join(' ');
    const messages = await refusedWhileLive(t, `{ myExams ${directives} { id } }`);
    expect(messages.join(' ')).toMatch(/60 directives exceeds the limit of 50/);
  });

  it('the parser stops at its token limit instead of building a huge document', async () => {
    const messages = await refusedWhileLive(t, `{ ${'myExams { id } '.repeat(2000)} }`);
    expect(messages.join(' ')).toMatch(/tokens/);
  });

  it('an ordinary query still answers', async () => {
    const answer = await graphql(t.api, learner, 'query { ...Mine } fragment Mine on Query { myExams { id __typename } }');
    expect(answer).toMatchObject({ status: 200, body: { data: { myExams: [] } } });
  });
});

describe('the GraphQL request timeout', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ withWorker: false, env: { GRAPHQL_TIMEOUT_MS: '300' } });
  });
  afterAll(() => t.close());

  it('answers 503 SERVICE_UNAVAILABLE once a query waited GRAPHQL_TIMEOUT_MS, not after the 5 s of X-Min-Position', async () => {
    const answer = await graphql(t.api, learner, '{ myExams { id } }', {}, '999999999');
    expect(answer).toMatchObject({ status: 503, body: { code: 'SERVICE_UNAVAILABLE', message: expect.stringMatching(/within 300 ms/) } });
    expect((await t.api.call('GET', '/health/live')).status).toBe(200);
  });
});
