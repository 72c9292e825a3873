/**
 * The job-queue port (ARCHITECTURE.md): background work triggered by an event. The job id is the
 * triggering event's id, so a redelivered event never runs a job twice while the first is known.
 * Adapters: BullMQ on Redis (production) and an in-process runner with the same retry semantics;
 * both pass `job-queue.contract.ts`. Handlers must be idempotent all the same (at-least-once).
 */
export interface Job {
  id: string;
  name: string;
  payload: Record<string, unknown>;
}

export type JobHandler = (job: Job) => Promise<void>;

export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 8, backoffMs: 200 };

/** How many jobs are in each state, for /metrics (BullMQ's own states; in-process jobs never wait). */
export interface JobCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
}

export interface JobQueue {
  /** Resolves once the job is durably accepted (BullMQ) or done (in-process: nothing durable to hand it to). */
  enqueue(job: Job): Promise<void>;
  /** Starts running jobs with `handler`; a throwing handler is retried with exponential backoff. */
  process(handler: JobHandler): void;
  counts(): Promise<JobCounts>;
  close(): Promise<void>;
}

export const backoffDelay = (policy: RetryPolicy, failures: number) => policy.backoffMs * 2 ** (failures - 1);
