import 'reflect-metadata';
import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SqliteEventStore } from '@exam/event-store';
import { APPENDED_MESSAGE, FollowersModule, isJobCountsRequest, JobCountsAnswer, WorkerRuntime } from '@exam/followers';
import { closeOnSignals, createLog, EVENT_STORE, InfrastructureModule, loadDotEnv, NestLog } from '@exam/infrastructure';

@Module({ imports: [InfrastructureModule, FollowersModule] })
class WorkerRootModule {}

/** `npm run start:worker`: followers of the event log (jobs, projectors) without the HTTP api. */
async function main(): Promise<void> {
  loadDotEnv(); // supervised: already in the environment it inherits
  // Supervised by `npm start`'s api process: leave with it, however it ended (kill -9 included),
  // even while still starting (then nothing is running yet: just exit).
  const supervised = process.argv.includes('--supervised');
  let started = false;
  if (supervised) process.once('disconnect', () => (started ? process.kill(process.pid, 'SIGTERM') : process.exit(0)));
  // abortOnError off: a start-up failure reaches main's catch below and is printed whatever LOG_LEVEL says.
  const app = await NestFactory.createApplicationContext(WorkerRootModule, {
    logger: new NestLog(await createLog('worker')),
    abortOnError: false,
  });
  closeOnSignals(app, 'Worker');
  started = true;
  const store: unknown = app.get(EVENT_STORE);
  if (supervised && store instanceof SqliteEventStore) {
    // The api commits to the file we follow and says so: read now, not on the next poll.
    process.on('message', (message) => message === APPENDED_MESSAGE && store.appendedElsewhere());
  }
  if (supervised) {
    // /metrics in the api asks for the job queue's counts, which only this process holds.
    const runtime = app.get(WorkerRuntime);
    process.on('message', (message) => {
      if (!isJobCountsRequest(message)) return;
      void runtime
        .jobCounts()
        .catch(() => undefined)
        .then((counts) => {
          const answer: JobCountsAnswer = { type: 'job-counts', id: message.id, counts: counts ?? null };
          if (process.connected) process.send?.(answer);
        });
    });
  }
  if (supervised && !process.connected) process.kill(process.pid, 'SIGTERM');
  new Logger('Worker').log('worker running');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
