import { randomUUID } from 'node:crypto';
import { BullMqJobQueue } from './bullmq-job-queue';
import { InProcessJobQueue } from './in-process-job-queue';
import { jobQueueContract } from './job-queue.contract';

jobQueueContract('in-process', async () => new InProcessJobQueue({ attempts: 5, backoffMs: 10 }));

// BullMQ runs against a real Redis: the one REDIS_URL names, or redis-server started by test/setup.
const redis = process.env.REDIS_URL;
if (redis) {
  jobQueueContract('BullMQ (Redis)', async () => new BullMqJobQueue(redis, { attempts: 5, backoffMs: 10 }, `test-${randomUUID()}`));
} else {
  // Skipped only without a Redis server to run against (neither REDIS_URL nor a redis-server binary): the title says so.
  describe.skip(`job queue: BullMQ (skipped: ${process.env.REDIS_SKIP_REASON ?? 'REDIS_URL is not set'})`, () => {
    it('needs REDIS_URL or a redis-server binary', () => undefined);
  });
}
