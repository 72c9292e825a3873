/**
 * Command throughput on the embedded default, over real HTTP: `npm run bench:commands`.
 * Measures N learners walking start → upload → hand-in concurrently, and, as a baseline in the
 * same run on the same disk, raw appends of the same number of events to the SQLite event store.
 * Prints figures; asserts nothing (speed is measured, not tested).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken } from '@exam/auth';
import { SqliteEventStore } from '@exam/event-store';
import { createApp } from '../apps/api/src/app';
import { percentile } from './bench-figures';

const LEARNERS = Number(process.env.BENCH_LEARNERS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const SECRET = 'bench-secret-of-16-chars-or-more';

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'exam-bench-'));
  Object.assign(process.env, {
    DATA_DIR: dataDir,
    AUTH_JWT_SECRET: SECRET,
    LOG_LEVEL: 'silent',
    MONGO_URL: '',
    RATE_LIMIT_PER_MINUTE: '100000000', // the benchmark measures the server, not its limiter
    EVENTSTORE_URL: '',
    REDIS_URL: '',
  });
  const app = await createApp({ withWorker: false });
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  const token = async (sub: string, role: string) =>
    `Bearer ${await signToken({ sub, role, exp: Math.floor(Date.now() / 1000) + 3600 }, SECRET)}`;
  const admin = await token('admin', 'admin');
  const coach = await token('coach', 'coach');
  const json = (auth: string, body: unknown = {}) => ({
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const call = async (path: string, init: RequestInit) => {
    const answer = await fetch(base + path, init);
    if (answer.status >= 300) throw new Error(`${path}: ${answer.status} ${await answer.text()}`);
    await answer.arrayBuffer();
  };

  await call('/api/institutions/i1/policy', {
    ...json(admin, { gradingScale: 'numeric', resitsAllowed: true, earlyReleaseAllowed: true }),
    method: 'PUT',
  });
  await call('/api/programs/p1', { ...json(admin, { title: 'Bench', xpRequired: 0, hasNextPart: false, components: [] }), method: 'PUT' });
  for (let i = 0; i < LEARNERS; i++) {
    await call('/api/exams', json(admin, { examId: `e${i}`, learnerId: `l${i}`, programId: 'p1', institutionId: 'i1', coachId: 'coach' }));
    await call(`/api/exams/e${i}/release`, json(coach, { early: true }));
    await call(`/api/learners/l${i}/subscriptions`, json(admin, { validUntil: '2099-01-01T00:00:00Z' }));
  }

  const latencies: number[] = [];
  let commands = 0;
  const walk = async (i: number) => {
    const learner = await token(`l${i}`, 'learner');
    const timed = async (path: string, init: RequestInit) => {
      const started = performance.now();
      await call(path, init);
      latencies.push(performance.now() - started);
      commands++;
    };
    await timed(`/api/exams/e${i}/start`, json(learner));
    const form = new FormData();
    form.append('file', new Blob([`answer of learner ${i} `.repeat(2000)], { type: 'application/pdf' }), 'answer.pdf');
    await timed(`/api/exams/e${i}/files`, { method: 'POST', headers: { authorization: learner }, body: form });
    await timed(`/api/exams/e${i}/hand-in`, json(learner));
  };
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < LEARNERS) await walk(next++);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await app.close();

  // Baseline: the same number of single-event appends straight to the event store, no HTTP, no rules.
  const store = SqliteEventStore.open(join(dataDir, 'baseline.sqlite'));
  const baselineStarted = performance.now();
  for (let i = 0; i < commands; i++) {
    await store.append(
      `bench-${i % LEARNERS}`,
      [
        {
          id: randomUUID(),
          type: 'Bench',
          data: { i },
          metadata: {
            actorId: 'b',
            actorRole: 'admin',
            occurredAt: new Date().toISOString(),
            correlationId: 'c',
            causationId: 'c',
            schemaVersion: 1,
          },
        },
      ],
      'any',
    );
  }
  const baselineSeconds = (performance.now() - baselineStarted) / 1000;
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });

  console.log(`commands over HTTP (start, upload 40 KB, hand-in; ${LEARNERS} learners, ${CONCURRENCY} at a time):`);
  console.log(`  ${commands} commands in ${seconds.toFixed(2)} s = ${(commands / seconds).toFixed(0)} commands/s`);
  console.log(
    `  latency p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`,
  );
  console.log(`baseline, raw SQLite appends (WAL, synchronous=FULL), same run:`);
  console.log(`  ${commands} appends in ${baselineSeconds.toFixed(2)} s = ${(commands / baselineSeconds).toFixed(0)} appends/s`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
