import { Answer, ApiClient, CallOptions } from '../support/api-client';
import { graphql } from '../support/graphql';
import { admin, assessor, coach, learner } from '../support/people';
import { enrollAndStart } from '../support/scenario';
import { serverProcessForSuite } from '../support/server-process';
import { TEST_SECRET } from '../support/test-app';

/** Remembers every answer's X-Request-Id, so the log can be checked request by request. */
class RecordingClient extends ApiClient {
  readonly answers: { method: string; path: string; status: number; requestId: string | null }[] = [];

  override async call<T = any>(method: string, path: string, options: CallOptions = {}): Promise<Answer<T>> {
    const answer = await super.call<T>(method, path, options);
    this.answers.push({ method, path, status: answer.status, requestId: answer.headers.get('x-request-id') });
    return answer;
  }
}

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  method?: string;
  route?: string | null;
  status?: number;
  durationMs?: number;
  actorId?: string | null;
  err?: { message: string };
  cause?: string;
}

/**
 * Issue 13, "Done when": every request of an e2e walk appears in the log as one JSON line with its
 * reqId, and the X-Request-Id answered is that reqId. The real server process (what `npm start` runs).
 */
describe('the request log of the real server process', () => {
  // A short GraphQL deadline gives a real 503 to look for (a read waiting on a position never reached).
  const server = serverProcessForSuite('exam-request-log-', [], { LOG_LEVEL: 'info', GRAPHQL_TIMEOUT_MS: '400' });
  let api: RecordingClient;
  beforeAll(() => (api = new RecordingClient(server().api.baseUrl, TEST_SECRET)));

  const logLines = (): LogLine[] =>
    server()
      .stdout()
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as LogLine);

  it('logs each request of a walk once, as JSON, with the reqId it answered in X-Request-Id', async () => {
    const examId = 'exam-logged';
    const { fileId } = await enrollAndStart(api, { examId });
    await api.post(`/api/exams/${examId}/hand-in`, learner);
    await api.post(`/api/exams/${examId}/assessor`, admin, { assessorId: assessor.id });
    await graphql(api, learner, '{ myExams { id status } }');
    await api.call('GET', `/api/exams/${examId}/files/${fileId}`, { as: coach });
    await api.call('GET', '/api/audit/events'); // no token: 401
    await api.call('GET', '/no/such/route');
    const own = await api.call('GET', '/health/live', { headers: { 'x-request-id': 'caller-chosen.42' } });
    expect(own.headers.get('x-request-id')).toBe('caller-chosen.42');
    const hostile = await api.call('GET', '/health/live', { headers: { 'x-request-id': 'no spaces\tor tabs' } });
    expect(hostile.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    await new Promise((resolve) => setTimeout(resolve, 200)); // the last lines are written after the answer
    const lines = logLines(); // every line of standard output parses as JSON (or this throws)
    expect(server().stdout()).not.toContain('\u001b['); // no colour codes outside LOG_FORMAT=pretty
    const requestLines = lines.filter((line) => line.msg === 'request' || line.msg === 'request failed');
    expect(api.answers.length).toBeGreaterThan(12);
    for (const answer of api.answers) {
      expect(answer.requestId).toBeTruthy();
      const logged = requestLines.filter((line) => line.reqId === answer.requestId);
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({ method: answer.method, status: answer.status });
      expect(typeof logged[0].durationMs).toBe('number');
    }
    const handIn = requestLines.find((line) => line.route === '/api/exams/:id/hand-in');
    expect(handIn).toMatchObject({ method: 'POST', status: 200, actorId: learner.id });
    expect(requestLines.find((line) => line.route === '/graphql')).toMatchObject({ actorId: learner.id, status: 200 });
    expect(requestLines.find((line) => line.status === 401)).toMatchObject({ route: '/api/audit/events', actorId: null });
    expect(requestLines.find((line) => line.status === 404 && line.route === null)).toBeDefined();
  });

  it('logs a 5xx at error level with its reqId, method, route, actor and cause', async () => {
    const answer = await graphql(api, learner, '{ myExams { id } }', {}, '999999999');
    expect(answer.status).toBe(503);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const line = logLines().find((l) => l.reqId === answer.headers.get('x-request-id'));
    expect(line).toMatchObject({ level: 50, msg: 'request failed', method: 'POST', route: '/graphql', status: 503, actorId: learner.id });
    expect(line?.err?.message).toMatch(/not answered within 400 ms/);
  });
});
