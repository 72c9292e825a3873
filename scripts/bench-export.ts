/**
 * Memory of the audit export (issue: "exporting 200,000 events stays under 150 MB RSS"):
 *   npm run bench:export [-- --events 200000]
 * Seeds a fresh SQLite event log (10,000 exam streams × 20 events with valid hash chains, through
 * the event-store port), then streams the export over HTTP from a child process per run, so peaks
 * never mix, and prints each child's peak RSS (getrusage maxRSS: the kernel's own high-water mark):
 *   streamed                the export code path of GET /api/audit/export (exportChunks) in a bare Fastify server
 *   streamed, heap ≤ 48 MB  the same with V8's old space capped: completes, so nothing grows with the export
 *   buffered (baseline)     the same lines collected into one string before anything is sent
 *   full app, streamed      the real server (createApp, no worker): its idle RSS and its peak
 * Then runs `audit:verify` on the streamed export. Not a timed test: figures for docs/audit.md.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { chainHash, GENESIS_HASH } from '@exam/audit';
import type { EventMetadata, NewEvent } from '@exam/event-store';
// The adapter itself, not the library's index: the index also loads the EventStoreDB client,
// which the measured children should not carry.
import { SqliteEventStore } from '../libs/event-store/src/sqlite/sqlite-event-store';

const EVENTS_PER_EXAM = 20;
const SECRET = 'bench-secret-of-at-least-16-chars';
const MB = 1024 * 1024;

type Variant = 'streaming' | 'naive' | 'full-app';

interface Run {
  label: string;
  variant: Variant;
  /** Node flags of the child. */
  flags: string[];
}

const RUNS: Run[] = [
  { label: 'streamed', variant: 'streaming', flags: [] },
  // With the V8 heap capped far below the export's size, a streamed export still completes (a buffered one dies):
  // what the RSS above the idle footprint shows is garbage V8 has not collected yet, not data held.
  { label: 'streamed, heap ≤ 48 MB', variant: 'streaming', flags: ['--max-old-space-size=48'] },
  { label: 'buffered (baseline)', variant: 'naive', flags: [] },
  { label: 'full app, streamed', variant: 'full-app', flags: [] },
];

interface ChildReport {
  idleRssBytes: number;
  sampledPeakRssBytes: number;
  maxRssBytes: number;
}

// ---------------------------------------------------------------- seeding

function examEvents(exam: number, start: number): NewEvent[] {
  const examId = `bench-${exam}`;
  const learnerId = `learner-${exam}`;
  const at = (i: number) => new Date(start + i * 1000).toISOString();
  const file = (n: number) => ({
    fileId: `00000000-0000-4000-8000-${String(exam * 10 + n).padStart(12, '0')}`,
    name: `part-${n}.pdf`,
    size: 10_000 * n,
    mediaType: 'application/pdf',
    sha256: 'ab'.repeat(32),
    componentId: `c${n}`,
  });
  const body: [string, Record<string, unknown>, string][] = [
    ['ExamRegistered', { learnerId, programId: 'prog-1', institutionId: `inst-${exam % 10}`, coachId: 'coach-1' }, 'admin'],
    ['XpAwarded', { amount: 30, source: 'assignment-1', totalXp: 30 }, 'admin'],
    ['XpAwarded', { amount: 30, source: 'assignment-2', totalXp: 60 }, 'admin'],
    ['XpAwarded', { amount: 40, source: 'assignment-3', totalXp: 100 }, 'admin'],
    ['SampleStarted', { sampleNumber: 1 }, 'coach'],
    [
      'SampleAssessed',
      { sampleNumber: 1, outcome: 'rejected', feedback: [{ assignmentId: 'a1', comment: 'Work out the case analysis further.' }] },
      'coach',
    ],
    ['SampleFeedbackViewed', { sampleNumber: 1 }, 'learner'],
    ['SampleStarted', { sampleNumber: 2 }, 'coach'],
    ['SampleAssessed', { sampleNumber: 2, outcome: 'approved', feedback: [] }, 'coach'],
    ['ExamReleased', { attempt: 1, early: false }, 'coach'],
    ['ExamStarted', { attempt: 1 }, 'learner'],
    ['ExamFileUploaded', { ...file(1), attempt: 1 }, 'learner'],
    ['ExamFileUploaded', { ...file(2), attempt: 1 }, 'learner'],
    ['ExamFileUploaded', { ...file(3), attempt: 1 }, 'learner'],
    ['ExamFileRemoved', { attempt: 1, fileId: file(3).fileId }, 'learner'],
    ['ExamVideoLinkAdded', { attempt: 1, url: `https://video.example/${examId}`, title: 'Reflection' }, 'learner'],
    [
      'ExamHandedIn',
      { attempt: 1, files: [file(1), file(2)].map(({ fileId, sha256, size }) => ({ fileId, sha256, size })), videoLinkCount: 1 },
      'learner',
    ],
    ['AssessorAssigned', { assessorId: 'assessor-1' }, 'exam_board'],
    [
      'AssessmentPublished',
      { attempt: 1, gradingScale: 'numeric', grade: { numeric: 7.5 }, passed: true, feedback: 'Well argued.' },
      'assessor',
    ],
    ['ProofOfParticipationIssued', { attempt: 1 }, 'coach'],
  ];
  let prevHash = GENESIS_HASH;
  return body.map(([type, fields, role], revision) => {
    const data = { examId, ...fields, at: at(revision) };
    const metadata: EventMetadata = {
      actorId: role === 'learner' ? learnerId : `${role}-1`,
      actorRole: role,
      occurredAt: at(revision),
      correlationId: `00000000-0000-4000-9000-${String(exam * 100 + revision).padStart(12, '0')}`,
      causationId: `00000000-0000-4000-a000-${String(exam * 100 + revision).padStart(12, '0')}`,
      schemaVersion: 1,
    };
    const hash = chainHash(prevHash, { type, data, metadata, revision });
    const event = {
      id: `00000000-0000-4000-b000-${String(exam * 100 + revision).padStart(12, '0')}`,
      type,
      data,
      metadata: { ...metadata, prevHash, hash },
    };
    prevHash = hash;
    return event;
  });
}

async function seed(dataDir: string, events: number): Promise<void> {
  const store = SqliteEventStore.open(join(dataDir, 'events.sqlite'));
  const exams = Math.ceil(events / EVENTS_PER_EXAM);
  const started = Date.now();
  try {
    for (let exam = 0; exam < exams; exam++) {
      // One append (one transaction) per exam stream, as a burst of commands would never do, but it keeps seeding quick.
      await store.append(`exam-bench-${exam}`, examEvents(exam, Date.UTC(2026, 0, 1) + exam * 60_000), 'no_stream');
      if (exam % 1000 === 999) process.stdout.write(`\rseeding: ${(exam + 1) * EVENTS_PER_EXAM} events`);
    }
  } finally {
    await store.close();
  }
  process.stdout.write(
    `\rseeded ${exams * EVENTS_PER_EXAM} events (${exams} exam streams) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
}

// ---------------------------------------------------------------- children (one per variant)

function memorySampler(): () => ChildReport {
  let peak = process.memoryUsage.rss();
  const idle = peak;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
  timer.unref();
  return () => ({
    idleRssBytes: idle,
    sampledPeakRssBytes: Math.max(peak, process.memoryUsage.rss()),
    maxRssBytes: process.resourceUsage().maxRSS * 1024, // getrusage: the kernel's peak, sync phases included
  });
}

async function serve(variant: Variant, dataDir: string): Promise<void> {
  let report: () => ChildReport;
  if (variant === 'full-app') {
    Object.assign(process.env, {
      DATA_DIR: dataDir,
      AUTH_JWT_SECRET: SECRET,
      LOG_LEVEL: 'silent',
      MONGO_URL: '',
      RATE_LIMIT_PER_MINUTE: '100000000',
      REDIS_URL: '',
      EVENTSTORE_URL: '',
    });
    const { createApp } = await import('../apps/api/src/app');
    const app = await createApp({ withWorker: false });
    app
      .getHttpAdapter()
      .getInstance()
      .get('/__bench/memory', async () => report());
    await app.listen(0, '127.0.0.1');
    report = memorySampler();
    const { port } = app.getHttpServer().address() as { port: number };
    process.stdout.write(`${JSON.stringify({ port })}\n`);
    return;
  }
  const [{ default: Fastify }, { exportChunks }, { ndjsonLine }, { toAuditEvent }] = await Promise.all([
    import('fastify'),
    import('../apps/api/src/audit/audit-export/export-stream'),
    import('../apps/api/src/audit/audit-export/export-format'),
    import('../apps/api/src/audit/audit-event'),
  ]);
  const store = SqliteEventStore.open(join(dataDir, 'events.sqlite'));
  const server = Fastify();
  server.get('/export', async (_request, reply) => {
    reply.header('content-type', 'application/x-ndjson');
    if (variant === 'streaming') {
      return reply.send(Readable.from(exportChunks(store, { format: 'ndjson' }), { objectMode: false, highWaterMark: 64 * 1024 }));
    }
    // The baseline: every event read at once and every line collected before the first byte is sent.
    const events = await store.readAll();
    return reply.send(events.map((e) => ndjsonLine(toAuditEvent(e))).join(''));
  });
  server.get('/__bench/memory', async () => report());
  await server.listen({ port: 0, host: '127.0.0.1' });
  report = memorySampler();
  const { port } = server.server.address() as { port: number };
  process.stdout.write(`${JSON.stringify({ port })}\n`);
}

// ---------------------------------------------------------------- parent

interface Measured extends ChildReport {
  label: string;
  bytes: number;
  lines: number;
  seconds: number;
}

async function measure({ label, variant, flags }: Run, dataDir: string, target: string): Promise<Measured> {
  const child = spawn(process.execPath, [...flags, __filename, '--serve', variant, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const line = out.split('\n').find((l) => l.startsWith('{'));
        if (line) resolve((JSON.parse(line) as { port: number }).port);
      });
      child.once('exit', (code) => reject(new Error(`${label}: the server exited (${code})`)));
    });
    const base = `http://127.0.0.1:${port}`;
    const path = variant === 'full-app' ? '/api/audit/export' : '/export';
    const { signToken } = await import('@exam/auth');
    const now = Math.floor(Date.now() / 1000);
    const token = await signToken({ sub: 'bench-admin', role: 'admin', iat: now, exp: now + 3600 }, SECRET);
    const started = Date.now();
    const response = await fetch(base + path, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok || !response.body) throw new Error(`${label}: the export answered ${response.status}`);
    let bytes = 0;
    let lines = 0;
    await pipeline(
      Readable.fromWeb(response.body),
      async function* count(source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          bytes += chunk.length;
          for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
          yield chunk;
        }
      },
      createWriteStream(target),
    );
    const seconds = (Date.now() - started) / 1000;
    const memory = (await (await fetch(`${base}/__bench/memory`)).json()) as ChildReport;
    return { label, bytes, lines, seconds, ...memory };
  } finally {
    child.kill();
  }
}

const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--serve') return serve(args[1] as Variant, args[2]);

  const flag = args.indexOf('--events');
  const events = Number(flag >= 0 ? args[flag + 1] : (process.env.BENCH_EVENTS ?? 200_000));
  if (!Number.isSafeInteger(events) || events < EVENTS_PER_EXAM)
    throw new Error(`--events must be a number of at least ${EVENTS_PER_EXAM}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-export-'));
  try {
    console.log(`audit export benchmark: ${events} events, Node ${process.version}, data in ${dataDir}`);
    await seed(dataDir, events);
    console.log(`event log: ${mb(statSync(join(dataDir, 'events.sqlite')).size)} on disk`);

    const exported = join(dataDir, 'export.ndjson');
    const results: Measured[] = [];
    for (const run of RUNS) {
      const result = await measure(run, dataDir, results.length === 0 ? exported : '/dev/null');
      results.push(result);
      console.log(
        `${run.label.padEnd(24)} ${String(result.lines).padStart(7)} lines  ${mb(result.bytes).padStart(9)}  ${result.seconds.toFixed(1).padStart(5)} s  ` +
          `idle RSS ${mb(result.idleRssBytes).padStart(9)}  peak RSS ${mb(result.maxRssBytes).padStart(9)}`,
      );
    }
    const [streamed, capped, naive, app] = results;
    const limit = 150 * MB;
    console.log('');
    console.log(
      `export code path, streamed:  peak RSS ${mb(streamed.maxRssBytes)} (${streamed.maxRssBytes < limit ? 'under' : 'OVER'} the 150 MB budget)`,
    );
    console.log(`  with the V8 heap capped:   peak RSS ${mb(capped.maxRssBytes)}, ${capped.lines} lines`);
    console.log(
      `baseline, buffered:          peak RSS ${mb(naive.maxRssBytes)} (${(naive.maxRssBytes / streamed.maxRssBytes).toFixed(1)}× the streamed peak)`,
    );
    console.log(
      `full app, streamed:          peak RSS ${mb(app.maxRssBytes)}, ${mb(app.maxRssBytes - app.idleRssBytes)} above its idle ${mb(app.idleRssBytes)}` +
        ' (Nest, GraphQL, Swagger and the store clients, before any export)',
    );

    const verifyStarted = Date.now();
    const verified = spawnSync(process.execPath, [join(__dirname, 'audit-verify.js'), exported, '--quiet'], { encoding: 'utf8' });
    console.log(
      `audit:verify on the streamed export (${((Date.now() - verifyStarted) / 1000).toFixed(1)} s, exit ${verified.status}): ${verified.stdout.trim()}`,
    );
    if (results.some((r) => r.lines !== events) || verified.status !== 0) process.exitCode = 1;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
