import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { BeforeApplicationShutdown, Global, Inject, Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { EventStore, FollowerHealth, SqliteEventStore } from '@exam/event-store';
import { APPENDED_MESSAGE, FOLLOWER_STATUS, FollowerStatus, isJobCountsAnswer, JobCountsRequest } from '@exam/followers';
import { JobCounts } from '@exam/jobs';
import { EVENT_STORE } from '@exam/infrastructure';

/** The worker's entry point in the build (apps never import each other; they share a process tree). */
const WORKER_ENTRY = join(__dirname, '..', '..', 'worker', 'src', 'main.js');
const RESTART_MAX_MS = 5_000;
/** A scrape does not wait longer than this for the worker's job counts. */
const JOB_COUNTS_WAIT_MS = 1_000;

/**
 * `npm start`: the followers of the log (projectors, jobs) run in a child process this one
 * supervises, never on the request thread (issue 9: they took ~41% of its CPU). The child leaves
 * when this process does, even after a kill -9 (it watches the IPC channel), and is restarted with
 * backoff if it dies on its own.
 */
@Injectable()
export class WorkerSupervisor implements FollowerStatus, OnApplicationBootstrap, BeforeApplicationShutdown {
  private child?: ChildProcess;
  private stopping = false;
  private restarts = 0;
  private told = false;
  private asked = 0;
  private readonly logger = new Logger('Supervisor');

  readonly leading = true;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  onApplicationBootstrap(): void {
    this.spawn();
    // The embedded log is a file both processes open: tell the followers of each commit, so they
    // read it at once instead of on their next poll (projection lag). One message in flight at most.
    if (this.store instanceof SqliteEventStore) this.store.onCommit(() => this.tellAppended());
  }

  private tellAppended(): void {
    const child = this.child;
    if (this.told || !child?.connected) return;
    this.told = true;
    child.send(APPENDED_MESSAGE, () => (this.told = false));
  }

  private spawn(): void {
    const child = spawn(process.execPath, [WORKER_ENTRY, '--supervised'], {
      env: process.env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child = child;
    child.once('exit', (code, signal) => {
      if (this.stopping) return;
      const delay = Math.min(200 * 2 ** this.restarts++, RESTART_MAX_MS);
      this.logger.warn(`worker process exited (${signal ?? code}); restarting in ${delay} ms`);
      setTimeout(() => this.stopping || this.spawn(), delay).unref();
    });
  }

  /** The job queue lives in the child: ask it over IPC (undefined when it does not answer in time). */
  jobCounts(): Promise<JobCounts | undefined> {
    const child = this.child;
    if (!child?.connected) return Promise.resolve(undefined);
    const request: JobCountsRequest = { type: 'job-counts?', id: ++this.asked };
    return new Promise((resolve) => {
      const done = (counts: JobCounts | undefined) => {
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(counts);
      };
      const onMessage = (message: unknown) => {
        if (isJobCountsAnswer(message) && message.id === request.id) done(message.counts ?? undefined);
      };
      const timer = setTimeout(() => done(undefined), JOB_COUNTS_WAIT_MS);
      child.on('message', onMessage);
      child.send(request, (error) => error && done(undefined));
    });
  }

  health(): FollowerHealth[] {
    const running = this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
    return [{ name: 'worker process', running, failures: this.restarts }];
  }

  /** SIGTERM: the worker finishes the event in hand, saves its checkpoint and releases the lease. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await exited;
  }
}

@Global()
@Module({
  providers: [WorkerSupervisor, { provide: FOLLOWER_STATUS, useExisting: WorkerSupervisor }],
  exports: [FOLLOWER_STATUS],
})
export class SupervisedWorkerModule {}
