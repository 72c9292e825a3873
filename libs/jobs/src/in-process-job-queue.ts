import { backoffDelay, DEFAULT_RETRY, Job, JobCounts, JobHandler, JobQueue, RetryPolicy } from './job-queue.port';

/**
 * The embedded default: runs each job in this process, retrying with the same policy as BullMQ.
 * `enqueue` resolves when the job is done, so the follower that enqueued it saves its checkpoint
 * only afterwards: a crash re-delivers the event and the job runs again (at-least-once).
 */
export class InProcessJobQueue implements JobQueue {
  private handler?: JobHandler;
  private readonly done = new Set<string>();
  private closed = false;
  private active = 0;
  private delayed = 0;
  private failed = 0;

  constructor(private readonly retry: RetryPolicy = DEFAULT_RETRY) {}

  process(handler: JobHandler): void {
    this.handler = handler;
  }

  async enqueue(job: Job): Promise<void> {
    if (!this.handler) throw new Error('no job handler registered');
    if (this.done.has(job.id)) return; // the same event delivered twice in this process
    for (let failures = 0; ;) {
      this.active++;
      try {
        await this.handler(job);
        this.done.add(job.id);
        return;
      } catch (error) {
        failures++;
        if (failures >= this.retry.attempts || this.closed) {
          this.failed++;
          throw error;
        }
      } finally {
        this.active--;
      }
      this.delayed++;
      await new Promise((resolve) => setTimeout(resolve, backoffDelay(this.retry, failures)));
      this.delayed--;
    }
  }

  async counts(): Promise<JobCounts> {
    return { waiting: 0, active: this.active, delayed: this.delayed, failed: this.failed, completed: this.done.size };
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
