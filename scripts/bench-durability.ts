/**
 * kill -9 under load: a fresh app takes xp commands from 64 concurrent loops, is SIGKILLed mid-load,
 * restarted on the same DATA_DIR, and every command it had answered 2xx must be in its event log.
 * An acknowledgement is a promise that the event is durable; this counts the broken ones.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { examStream, SqliteEventStore } from '@exam/event-store';
import { BenchApp, request, seed } from './bench-figures';
import { startApp, stopped } from './bench-processes';

const LOOPS = 64;
const EXAMS = 8;

/** Gone, or a zombie nobody has reaped yet (it holds no files and serves nothing). */
const gone = (pid: number) => !existsSync(`/proc/${pid}`) || /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));

const childrenOf = (pid: number) =>
  execFileSync('ps', ['--ppid', String(pid), '-o', 'pid='], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.trim())
    .map(Number);

/** Acknowledged xp commands up to a SIGKILL after `loadMs`: the (exam, revision) each answered. */
async function loadUntilKilled(env: Record<string, string>, secret: string, admin: string, loadMs: number) {
  const app = await startApp(env);
  const running: BenchApp = { url: app.url, pid: app.child.pid!, secret, admin };
  const acknowledged: { examId: string; revision: number }[] = [];
  try {
    await seed(running, EXAMS);
    let killed = false;
    const loop = async (i: number) => {
      for (let n = i; !killed; n += LOOPS) {
        const examId = `bench-${n % EXAMS}`;
        // A command the kill interrupts has no answer: never acknowledged, so it may be lost.
        const answer = await request(running, admin, 'POST', `/api/exams/${examId}/xp`, { amount: 1, source: 'bench' }).catch(
          () => undefined,
        );
        if (!answer) return;
        const body = (await answer.json().catch(() => undefined)) as { revision?: number } | undefined;
        if (answer.ok && typeof body?.revision === 'number') acknowledged.push({ examId, revision: body.revision });
      }
    };
    const loops = Array.from({ length: LOOPS }, (_, i) => loop(i));
    await new Promise((r) => setTimeout(r, loadMs));
    const followers = childrenOf(running.pid);
    killed = true;
    await stopped(app.child, 'SIGKILL');
    await Promise.all(loops);
    // The followers' process sees its IPC channel close and leaves on its own; a restart beside a
    // survivor would not be the restart after a crash this figure is about.
    for (let i = 0; i < 200 && !followers.every(gone); i++) await new Promise((r) => setTimeout(r, 50));
    if (!followers.every(gone)) throw new Error(`the followers' process ${followers.join(', ')} outlived kill -9 of the api`);
  } finally {
    await stopped(app.child, 'SIGKILL');
  }
  return acknowledged;
}

/** `durability.acknowledged` 2xx answers before the kill, `durability.lost` of them missing from the log after the restart. */
export async function killUnderLoad(env: Record<string, string>, secret: string, admin: string, loadMs: number) {
  const acknowledged = await loadUntilKilled(env, secret, admin, loadMs);
  const restarted = await startApp(env);
  try {
    if (restarted.child.exitCode !== null) throw new Error('the app did not start again after kill -9');
    const store = SqliteEventStore.open(join(env.DATA_DIR, 'events.sqlite'));
    const recorded = new Set<string>();
    try {
      for (const examId of new Set(acknowledged.map((a) => a.examId)))
        for (const event of await store.readStream(examStream(examId))) recorded.add(`${examId}@${event.revision}`);
    } finally {
      await store.close();
    }
    const lost = acknowledged.filter((a) => !recorded.has(`${a.examId}@${a.revision}`)).length;
    return { 'durability.acknowledged': acknowledged.length, 'durability.lost': lost };
  } finally {
    await stopped(restarted.child);
  }
}
