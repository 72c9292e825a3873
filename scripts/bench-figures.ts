/**
 * The figures of `npm run bench` that are not a plain autocannon run: stream length, projection
 * lag, the learner's start → upload → hand-in walk, and a 100 MB upload. Each drives the running
 * app over HTTP from the bench process (not the server's process) and asserts nothing.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { signToken } from '@exam/auth';

export interface BenchApp {
  url: string;
  pid: number;
  secret: string;
  admin: string;
}

type Body = Record<string, unknown> | FormData | undefined;

/**
 * One request with its own Idempotency-Key, whatever it answers; retried when the connection drops
 * before an answer (a kept-alive socket the server closed while idle): the key makes a retried
 * command answer its first answer.
 */
export async function request(app: BenchApp, token: string, method: string, path: string, body?: Body): Promise<Response> {
  const json = body !== undefined && !(body instanceof FormData);
  const init = {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      'idempotency-key': randomUUID(),
      ...(json ? { 'content-type': 'application/json' } : {}),
    },
    body: json ? JSON.stringify(body) : body,
  };
  return fetch(app.url + path, init).catch(() => fetch(app.url + path, init));
}

/** A request that must succeed. */
export async function send(app: BenchApp, token: string, method: string, path: string, body?: Body): Promise<Response> {
  const answer = await request(app, token, method, path, body);
  if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${await answer.text()}`);
  return answer;
}

const tokenFor = (app: BenchApp, sub: string, role: string) =>
  signToken({ sub, role, exp: Math.floor(Date.now() / 1000) + 36_000 }, app.secret);

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const round1 = (n: number) => Math.round(n * 10) / 10;

async function register(app: BenchApp, examId: string, learnerId: string, programId: string, institutionId: string) {
  await send(app, app.admin, 'POST', '/api/exams', { examId, learnerId, programId, institutionId, coachId: 'bench-coach' });
}

/** `work(0)` … `work(count - 1)`, 16 at a time: enough to keep the server busy, few enough not to queue. */
async function sixteenAtATime(count: number, work: (n: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < count; i += 16) await Promise.all(Array.from({ length: Math.min(16, count - i) }, (_, j) => work(i + j)));
}

/** `count` exams bench-0… of bench-learner, the ones the autocannon load and the kill -9 figure drive. */
export async function seed(app: BenchApp, count: number): Promise<void> {
  await send(app, app.admin, 'PUT', '/api/institutions/bench-inst/policy', {
    gradingScale: 'numeric',
    resitsAllowed: true,
    earlyReleaseAllowed: false,
  });
  await send(app, app.admin, 'PUT', '/api/programs/bench-prog', { title: 'Bench', xpRequired: 10, hasNextPart: false, components: [] });
  await sixteenAtATime(count, (n) => register(app, `bench-${n}`, 'bench-learner', 'bench-prog', 'bench-inst'));
}

/** xp latency on a 1-event exam and on one with `events` events, `samples` sequential commands each. */
export async function streamLength(app: BenchApp, events: number, samples: number) {
  await register(app, 'bench-short', 'bench-learner', 'bench-prog', 'bench-inst');
  await register(app, 'bench-long', 'bench-learner', 'bench-prog', 'bench-inst');
  await sixteenAtATime(events - 1, () => send(app, app.admin, 'POST', '/api/exams/bench-long/xp', { amount: 1, source: 'seed' }));
  const timed = async (examId: string) => {
    const latencies: number[] = [];
    for (let i = 0; i < samples; i++) {
      const started = performance.now();
      await send(app, app.admin, 'POST', `/api/exams/${examId}/xp`, { amount: 1, source: 'bench' });
      latencies.push(performance.now() - started);
    }
    return percentile(latencies, 50);
  };
  const short = await timed('bench-short');
  const long = await timed('bench-long');
  await timed('bench-short'); // short again, so a warming server does not flatter the long stream
  return {
    'stream.events': events,
    'stream.short.p50_ms': round1(short),
    'stream.long.p50_ms': round1(long),
    'stream.long_to_short': long / short,
  };
}

/**
 * Command 2xx → visible in the learner's GraphQL view (no X-Min-Position), probed every `everyMs`
 * on exams nobody else touches while `background` keeps the server busy.
 */
export async function projectionLag(app: BenchApp, learner: string, seconds: number, everyMs: number, background: Promise<unknown>) {
  const probes = 16;
  for (let i = 0; i < probes; i++) await register(app, `bench-lag-${i}`, 'bench-learner', 'bench-prog', 'bench-inst');
  const awarded = new Array<number>(probes).fill(0);
  const lags: number[] = [];
  const visibleXp = async (examId: string) => {
    const answer = await send(app, learner, 'POST', '/graphql', { query: `{ exam(id: "${examId}") { xp } }` });
    const { data } = (await answer.json()) as { data?: { exam?: { xp: number } } };
    return data?.exam?.xp ?? -1;
  };
  const probe = async (i: number) => {
    await send(app, app.admin, 'POST', `/api/exams/bench-lag-${i}/xp`, { amount: 1, source: 'lag' });
    const acknowledged = performance.now();
    awarded[i] += 1;
    while ((await visibleXp(`bench-lag-${i}`)) < awarded[i]) await new Promise((r) => setTimeout(r, 1));
    lags.push(performance.now() - acknowledged);
  };
  const until = performance.now() + seconds * 1000;
  const running: Promise<void>[] = [];
  for (let n = 0; performance.now() < until; n++) {
    running.push(probe(n % probes));
    await new Promise((r) => setTimeout(r, everyMs));
  }
  await Promise.all(running);
  await background;
  return { 'lag.p50_ms': round1(percentile(lags, 50)), 'lag.p99_ms': round1(percentile(lags, 99)), 'lag.samples': lags.length };
}

/** Exams released early to learners with access, ready for the start → upload → hand-in walk. */
export async function walkableExams(app: BenchApp, prefix: string, count: number): Promise<string[]> {
  await send(app, app.admin, 'PUT', `/api/institutions/${prefix}-inst/policy`, {
    gradingScale: 'numeric',
    resitsAllowed: true,
    earlyReleaseAllowed: true,
  });
  await send(app, app.admin, 'PUT', `/api/programs/${prefix}-prog`, {
    title: 'Bench walk',
    xpRequired: 0,
    hasNextPart: false,
    components: [],
  });
  const coach = await tokenFor(app, 'bench-coach', 'coach');
  const ids: string[] = [];
  await sixteenAtATime(count, async (n) => {
    await register(app, `${prefix}-${n}`, `${prefix}-l${n}`, `${prefix}-prog`, `${prefix}-inst`);
    await send(app, coach, 'POST', `/api/exams/${prefix}-${n}/release`, { early: true });
    await send(app, app.admin, 'POST', `/api/learners/${prefix}-l${n}/subscriptions`, { validUntil: '2099-01-01T00:00:00Z' });
    ids.push(String(n));
  });
  return ids;
}

const pdf = (bytes: number, fill: string) =>
  new Blob(['%PDF-1.4\n', fill.repeat(Math.ceil(bytes / fill.length)).slice(0, bytes)], { type: 'application/pdf' });

/**
 * Learner `${prefix}-l${n}`'s 40 KB answer: bytes no other learner of any walk sends, so the
 * content-addressed store never finds a copy (which would skip the rename and the directory fsync).
 */
export const answerPdf = (prefix: string, n: string | number) => pdf(40 * 1024, `answer of ${prefix}-l${n} `);

/** Before the hand-in: the learner starts exam `${prefix}-${n}` and uploads its answer. */
async function startWithFile(app: BenchApp, prefix: string, n: string, learner: string) {
  await send(app, learner, 'POST', `/api/exams/${prefix}-${n}/start`, {});
  const form = new FormData();
  form.append('file', answerPdf(prefix, n), 'answer.pdf');
  await send(app, learner, 'POST', `/api/exams/${prefix}-${n}/files`, form);
}

/**
 * `exams` exams ready to hand in, then 8 simultaneous hand-ins of each, all exams at once (each with
 * its own Idempotency-Key, so none is a replay): exactly one may be accepted, the other seven refused.
 */
export async function handInRace(app: BenchApp, exams: number) {
  const attempts = 8;
  const ids = await walkableExams(app, 'race', exams);
  const tokens = await Promise.all(ids.map((n) => tokenFor(app, `race-l${n}`, 'learner')));
  await sixteenAtATime(ids.length, (i) => startWithFile(app, 'race', ids[i], tokens[i]));
  const statuses = await Promise.all(
    ids.map((n, i) =>
      Promise.all(
        Array.from({ length: attempts }, () =>
          request(app, tokens[i], 'POST', `/api/exams/race-${n}/hand-in`, {}).then(async (answer) => {
            await answer.body?.cancel();
            return answer.status;
          }),
        ),
      ),
    ),
  );
  const exactlyOne = statuses.filter(
    (answers) => answers.filter((s) => s === 200).length === 1 && answers.filter((s) => s === 409).length === attempts - 1,
  ).length;
  return { 'race.exams': ids.length, 'race.exactly_one_200': exactlyOne, 'race.violations': ids.length - exactlyOne };
}

/** A process's resident memory now, from /proc (Linux), in MB. */
export const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

/** One upload of `megabytes` MB: MB/s and how much the server's resident memory grew at its peak. */
export async function bigUpload(app: BenchApp, megabytes: number) {
  const [n] = await walkableExams(app, 'upload', 1);
  const learner = await tokenFor(app, `upload-l${n}`, 'learner');
  await send(app, learner, 'POST', `/api/exams/upload-${n}/start`, {});
  const form = new FormData();
  form.append('file', pdf(megabytes * 1024 * 1024, 'x'), 'big.pdf');
  const before = rssMb(app.pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(app.pid))), 10);
  const started = performance.now();
  await send(app, learner, 'POST', `/api/exams/upload-${n}/files`, form);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, rssMb(app.pid));
  return { 'upload.mb': megabytes, 'upload.mb_per_s': round1(megabytes / seconds), 'upload.rss_growth_mb': round1(peak - before) };
}
