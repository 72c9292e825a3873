import { Queue, Worker } from 'bullmq';
import Redis from 'ioredis';
import { DEFAULT_RETRY, Job, JobCounts, JobHandler, JobQueue, RetryPolicy } from './job-queue.port';

const QUEUE = 'exam-jobs';

/** Connection options BullMQ workers need: blocking commands must not time out (maxRetriesPerRequest: null). */
function connection(url: string) {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}

/**
 * BullMQ on Redis: jobs survive a worker crash (a stalled job runs again) and are shared by every
 * worker process. The job id is the event id, and `deduplication` keyed by it keeps a redelivered
 * event from queuing the job again even after the first run was removed.
 */
export class BullMqJobQueue implements JobQueue {
  private readonly queue: Queue;
  private worker?: Worker;

  constructor(
    private readonly url: string,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
    private readonly queueName = QUEUE,
  ) {
    this.queue = new Queue(queueName, { connection: connection(url) });
  }

  async enqueue(job: Job): Promise<void> {
    await this.queue.add(job.name, job.payload, {
      jobId: job.id,
      deduplication: { id: job.id },
      attempts: this.retry.attempts,
      backoff: { type: 'exponential', delay: this.retry.backoffMs },
      removeOnComplete: { age: 7 * 24 * 3600 },
      removeOnFail: false,
    });
  }

  process(handler: JobHandler): void {
    this.worker = new Worker(this.queueName, (job) => handler({ id: String(job.id), name: job.name, payload: job.data }), {
      connection: connection(this.url),
      concurrency: 4,
    });
    this.worker.on('error', () => undefined); // connection errors are retried by ioredis; jobs report through their own state
  }

  async counts(): Promise<JobCounts> {
    const counts = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
    const of = (state: string) => counts[state] ?? 0;
    return { waiting: of('waiting'), active: of('active'), delayed: of('delayed'), failed: of('failed'), completed: of('completed') };
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
  }
}

/** Fails fast (start-up validation) when Redis does not answer, instead of queuing into the void. */
export async function assertRedisReachable(url: string, timeoutMs = 3000): Promise<void> {
  const probe = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => undefined); // reported through the rejected connect below
  try {
    await probe.connect();
    await probe.ping();
  } finally {
    probe.disconnect();
  }
}
