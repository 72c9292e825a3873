/**
 * The load generator of `npm run bench`, in a process of its own (so its CPU is not the server's):
 * autocannon against one target, printing its figures as one JSON line.
 * Usage: node dist/scripts/bench-load.js '<json: Load>'
 */
import { randomUUID } from 'node:crypto';
import autocannon, { Request } from 'autocannon';
import { signToken } from '@exam/auth';
import { answerPdf } from './bench-figures';

export type Load =
  | {
      kind: 'xp' | 'graphql';
      url: string;
      connections: number;
      seconds: number;
      /** Exams bench-0 … bench-(exams - 1), each request on one of them at random. */
      exams: number;
      token: string;
      /** Requests per second over all connections (open loop); omitted: as fast as answered. */
      rate?: number;
    }
  | {
      /** Learners `${prefix}-l<n>` walk their exams `${prefix}-<n>`, n from 0 to learners - 1, each once. */
      kind: 'walk';
      url: string;
      /** A divisor of `learners`: each connection then walks whole exams, and all of them are walked. */
      connections: number;
      walk: { prefix: string; learners: number; secret: string };
    };

const load: Load = JSON.parse(process.argv[2]);

function randomExamRequests(load: Extract<Load, { kind: 'xp' | 'graphql' }>): Request[] {
  const examId = () => `bench-${Math.floor(Math.random() * load.exams)}`;
  const headers = { authorization: `Bearer ${load.token}`, 'content-type': 'application/json' };
  if (load.kind === 'xp') {
    return [
      {
        method: 'POST',
        headers,
        setupRequest: (r) => ({ ...r, path: `/api/exams/${examId()}/xp`, body: '{"amount":1,"source":"bench"}' }),
      },
    ];
  }
  const query = () => JSON.stringify({ query: `{ exam(id: "${examId()}") { id status xp canHandIn } }` });
  return [{ method: 'POST', path: '/graphql', headers, setupRequest: (r) => ({ ...r, body: query() }) }];
}

const BOUNDARY = 'bench-walk-boundary';

/** The multipart body a browser's form sends with one file part. */
const multipart = (pdf: Buffer) =>
  Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="answer.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    ),
    pdf,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);

/**
 * start → upload 40 KB → hand-in, each connection walking one exam after another: autocannon sends a
 * connection's requests in order and gives each pass through them a fresh `context` object, which
 * names the exam the pass walks. Each request carries its own Idempotency-Key, as a client's would.
 * Tokens and bodies are made before the load starts.
 */
async function walkRequests({ prefix, learners, secret }: Extract<Load, { kind: 'walk' }>['walk']): Promise<Request[]> {
  const exp = Math.floor(Date.now() / 1000) + 36_000;
  const learnerNumbers = Array.from({ length: learners }, (_, n) => n);
  const tokens = await Promise.all(learnerNumbers.map((n) => signToken({ sub: `${prefix}-l${n}`, role: 'learner', exp }, secret)));
  const answers = await Promise.all(learnerNumbers.map(async (n) => multipart(Buffer.from(await answerPdf(prefix, n).arrayBuffer()))));
  const examOfPass = new WeakMap<object, number>();
  let next = 0;
  const requestTo =
    (step: string, contentType: string, body: (n: number) => string | Buffer) =>
    (request: Request, n: number): Request => ({
      ...request,
      method: 'POST',
      path: `/api/exams/${prefix}-${n}/${step}`,
      headers: { authorization: `Bearer ${tokens[n]}`, 'content-type': contentType, 'idempotency-key': randomUUID() },
      body: body(n),
    });
  const start = requestTo('start', 'application/json', () => '{}');
  const upload = requestTo('files', `multipart/form-data; boundary=${BOUNDARY}`, (n) => answers[n]);
  const handIn = requestTo('hand-in', 'application/json', () => '{}');
  const walked = (context: object) => {
    const n = examOfPass.get(context);
    if (n === undefined) throw new Error('a walk step outside a pass: autocannon did not start it with its first request');
    return n;
  };
  return [
    {
      setupRequest: (request, context) => {
        examOfPass.set(context, next);
        return start(request, next++);
      },
    },
    { setupRequest: (request, context) => upload(request, walked(context)) },
    { setupRequest: (request, context) => handIn(request, walked(context)) },
  ];
}

async function main(): Promise<void> {
  if (load.kind === 'walk' && load.walk.learners % load.connections !== 0) {
    throw new Error(`${load.walk.learners} learners do not divide among ${load.connections} connections`);
  }
  const requests = load.kind === 'walk' ? await walkRequests(load.walk) : randomExamRequests(load);
  const started = performance.now();
  let lastAnswer = started;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const run = autocannon(
      {
        url: load.url,
        connections: load.connections,
        // autocannon gives each connection an equal share of `amount`: whole walks, since connections divide learners.
        ...(load.kind === 'walk' ? { amount: 3 * load.walk.learners } : { duration: load.seconds }),
        ...(load.kind !== 'walk' && load.rate ? { overallRate: load.rate } : {}),
        requests,
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    run.on('response', () => (lastAnswer = performance.now()));
  });
  // A walk's time ends at its last answer: autocannon notices the end of a run only at its once-a-second tick.
  const seconds = load.kind === 'walk' ? (lastAnswer - started) / 1000 : load.seconds;
  console.log(
    JSON.stringify({
      rps: result['2xx'] / seconds,
      p50_ms: result.latency.p50,
      p99_ms: result.latency.p99,
      answered2xx: result['2xx'],
      non2xx: result.non2xx,
      errors: result.errors,
    }),
  );
}

void main();
