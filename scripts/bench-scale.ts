/**
 * `npm run bench`'s start-up figure: a log of `events` events (exams registered, sampled, awarded XP,
 * written through the one write path), the app started once until every follower has caught up,
 * stopped, then started again: time to ready and idle RSS of the api and its followers' process.
 * Asserts nothing.
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { StreamWriter } from '@exam/application';
import { examDecider } from '@exam/domain';
import { examStream, SqliteEventStore } from '@exam/event-store';
import { ChildProcess } from 'node:child_process';
import { rssMb } from './bench-figures';

export interface StartedApp {
  url: string;
  child: ChildProcess;
}

const EVENTS_PER_EXAM = 50;

/** Writes about `events` events into the SQLite log at `file` (50 per exam, 50 exams at a time). */
export async function writeLog(file: string, events: number): Promise<number> {
  const store = await SqliteEventStore.open(file);
  const writer = new StreamWriter(store);
  const envelope = (id: string, role: 'admin' | 'coach') => ({
    actor: { id, role },
    now: new Date().toISOString(),
    correlationId: 'bench-scale',
    causationId: 'bench-scale',
  });
  const exams = Math.max(1, Math.round(events / EVENTS_PER_EXAM));
  const one = async (n: number) => {
    const stream = examStream(`scale-${n}`);
    const now = new Date().toISOString();
    const registration = { examId: `scale-${n}`, learnerId: `learner-${n}`, programId: 'p', institutionId: 'i', coachId: 'coach-1' };
    await writer.handle(examDecider, stream, { type: 'RegisterExam', now, ...registration }, envelope('admin-1', 'admin'));
    await writer.handle(examDecider, stream, { type: 'StartSample', now }, envelope('coach-1', 'coach'));
    const feedback = [{ assignmentId: 'a1', comment: 'more detail' }];
    await writer.handle(examDecider, stream, { type: 'AssessSample', now, outcome: 'rejected', feedback }, envelope('coach-1', 'coach'));
    for (let x = 3; x < EVENTS_PER_EXAM; x++) {
      await writer.handle(examDecider, stream, { type: 'AwardXp', now, amount: 1, source: 'bench' }, envelope('admin-1', 'admin'));
    }
  };
  try {
    for (let n = 0; n < exams; n += 50) await Promise.all(Array.from({ length: Math.min(50, exams - n) }, (_, k) => one(n + k)));
  } finally {
    await store.close();
  }
  return exams * EVENTS_PER_EXAM;
}

const childrenOf = (pid: number) =>
  readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);

/** Every follower's lag, from /metrics: 0 for each once it has applied the whole log. */
async function caughtUp(url: string): Promise<boolean> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const lags = [...text.matchAll(/^exam_follower_lag_events\{[^}]*\} (\d+)/gm)].map((m) => Number(m[1]));
  return lags.length > 0 && lags.every((lag) => lag === 0);
}

export async function startupAtScale(
  events: number,
  start: () => Promise<StartedApp>,
  stop: (app: StartedApp) => Promise<void>,
): Promise<Record<string, number>> {
  const first = await start();
  const catchUpStarted = performance.now();
  while (!(await caughtUp(first.url))) await sleep(500);
  const catchUpSeconds = (performance.now() - catchUpStarted) / 1000;
  await stop(first);
  const started = performance.now();
  const app = await start();
  const readyMs = performance.now() - started;
  await sleep(5000); // idle: nothing to apply, nobody asking
  const api = app.child.pid!;
  const followers = childrenOf(api);
  const result = {
    'startup.log_events': events,
    'startup.ready_ms': Math.round(readyMs),
    'startup.idle_rss_mb': Math.round(rssMb(api)),
    'startup.followers_idle_rss_mb': Math.round(followers.reduce((sum, pid) => sum + rssMb(pid), 0)),
    'startup.first_catch_up_s': Math.round(catchUpSeconds * 10) / 10,
  };
  await stop(app);
  return result;
}
