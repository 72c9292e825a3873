/**
 * The load generator of `npm run bench`, in a process of its own (so its CPU is not the server's):
 * autocannon against one target, printing its figures as one JSON line.
 * Usage: node dist/scripts/bench-load.js '<json: Load>'
 */
import { randomUUID } from 'node:crypto';
import autocannon, { Request } from 'autocannon';
import { signToken } from '@exam/auth';

interface Load {
  url: string;
  kind: 'xp' | 'graphql' | 'walk';
  connections: number;
  seconds: number;
  exams: number;
  token: string;
  /** Requests per second over all connections (open loop); omitted: as fast as answered. */
  rate?: number;
  /** kind 'walk': learners `${prefix}-l<n>` walk their exams `${prefix}-<n>`, n from 0 to count - 1, each once. */
  walk?: { prefix: string; count: number; secret: string };
}

const load: Load = JSON.parse(process.argv[2]);
const examId = () => `bench-${Math.floor(Math.random() * load.exams)}`;
const headers = { authorization: `Bearer ${load.token}`, 'content-type': 'application/json' };

const xp: Request = {
  method: 'POST',
  headers,
  setupRequest: (r) => ({ ...r, path: `/api/exams/${examId()}/xp`, body: '{"amount":1,"source":"bench"}' }),
};

const graphql: Request = {
  method: 'POST',
  path: '/graphql',
  headers,
  setupRequest: (r) => ({ ...r, body: JSON.stringify({ query: `{ exam(id: "${examId()}") { id status xp canHandIn } }` }) }),
};

const BOUNDARY = 'bench-walk-boundary';

/** A multipart body with one 40 KB PDF of learner `n`'s own bytes, as a browser's form would send it. */
function answerUpload(n: number): Buffer {
  const fill = `answer of learner ${n} `;
  const pdf = '%PDF-1.4\n' + fill.repeat(Math.ceil((40 * 1024) / fill.length)).slice(0, 40 * 1024);
  return Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="answer.pdf"\r\n` +
      `Content-Type: application/pdf\r\n\r\n${pdf}\r\n--${BOUNDARY}--\r\n`,
  );
}

/**
 * start → upload 40 KB → hand-in, each connection walking one exam after another (autocannon runs a
 * connection's requests in order and keeps `context` for one pass). Each request carries its own
 * Idempotency-Key, as a client's would; each learner's answer has bytes of its own.
 */
async function walkRequests(walk: NonNullable<Load['walk']>): Promise<Request[]> {
  const exp = Math.floor(Date.now() / 1000) + 36_000;
  const tokens = await Promise.all(
    Array.from({ length: walk.count }, (_, n) => signToken({ sub: `${walk.prefix}-l${n}`, role: 'learner', exp }, walk.secret)),
  );
  // A pass's context is a fresh object per connection: it names the exam the pass walks.
  const walking = new WeakMap<object, number>();
  let next = 0;
  const to =
    (path: string, contentType: string, body: (n: number) => string | Buffer) =>
    (r: Request, n: number): Request => ({
      ...r,
      method: 'POST',
      path: `/api/exams/${walk.prefix}-${n}/${path}`,
      headers: { authorization: `Bearer ${tokens[n]}`, 'content-type': contentType, 'idempotency-key': randomUUID() },
      body: body(n),
    });
  const start = to('start', 'application/json', () => '{}');
  const upload = to('files', `multipart/form-data; boundary=${BOUNDARY}`, answerUpload);
  const handIn = to('hand-in', 'application/json', () => '{}');
  const walked = (context: object) => walking.get(context) ?? -1;
  return [
    {
      setupRequest: (r, context) => {
        walking.set(context, next);
        return start(r, next++);
      },
    },
    { setupRequest: (r, context) => upload(r, walked(context)) },
    { setupRequest: (r, context) => handIn(r, walked(context)) },
  ];
}

async function main(): Promise<void> {
  const requests = load.kind === 'walk' ? await walkRequests(load.walk!) : [load.kind === 'xp' ? xp : graphql];
  const started = performance.now();
  let lastAnswer = started;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const run = autocannon(
      {
        url: load.url,
        connections: load.connections,
        // A walk runs until its exams are walked, three requests each. A connection may stop mid-pass, so
        // up to `connections` exams are left over: walk.count must allow for them (never a request without an exam).
        ...(load.walk ? { amount: 3 * (load.walk.count - load.connections) } : { duration: load.seconds }),
        ...(load.rate ? { overallRate: load.rate } : {}),
        requests,
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    run.on('response', () => (lastAnswer = performance.now()));
  });
  // A walk's time ends at its last answer: autocannon notices the end of a run only at its once-a-second tick.
  const seconds = load.walk ? (lastAnswer - started) / 1000 : load.seconds;
  const ok = result.requests.total - result.non2xx - result.errors - result.timeouts;
  console.log(
    JSON.stringify({
      rps: ok / seconds,
      p50_ms: result.latency.p50,
      p99_ms: result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors,
    }),
  );
}

void main();
