import { Inject, Injectable, OnApplicationShutdown, Optional } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { CheckpointStore, EventStore } from '@exam/event-store';
import { FOLLOWER_STATUS, FollowerStatus, JOB_DISPATCH_FOLLOWER } from '@exam/followers';
import { AppConfig, CHECKPOINT_STORE, EVENT_STORE } from '@exam/infrastructure';
import { JobCounts, JobQueue } from '@exam/jobs';
import { allProjectors, checkpointName } from '@exam/projections';
import { followerLags, positionNumber } from './follower-lag';

/**
 * CONTRACT.md "Operations": what /metrics reports. Counters and the latency histogram are this
 * process's; the log's head, each follower's checkpoint and lag and the job counts are read from
 * the stores (or asked of the followers' process) at each scrape, wherever the followers run.
 */
@Injectable()
export class ExamMetrics implements OnApplicationShutdown {
  readonly registry = new Registry();
  private readonly commands = new Counter({
    name: 'exam_commands_total',
    help: 'Commands handled, by command type and outcome (accepted, or the error code)',
    labelNames: ['type', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly requestSeconds = new Histogram({
    name: 'exam_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly head = this.gauge('exam_event_store_head_position', 'Position of the newest event in the log');
  private readonly checkpoint = this.gauge('exam_follower_checkpoint_position', 'Position each follower has applied up to', ['follower']);
  private readonly lagEvents = this.gauge(
    'exam_follower_lag_events',
    'Events recorded but not yet applied, per follower (counted up to 10,000)',
    ['follower'],
  );
  private readonly lagSeconds = this.gauge(
    'exam_follower_lag_seconds',
    'Age of the oldest event a follower has not applied yet; 0 when caught up',
    ['follower'],
  );
  private readonly jobs = this.gauge('exam_jobs', 'Background jobs by state', ['state']);
  private readonly followers = [...allProjectors().map(checkpointName), JOB_DISPATCH_FOLLOWER];
  private bullmqReader?: Promise<JobQueue>;

  constructor(
    private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CHECKPOINT_STORE) private readonly checkpoints: CheckpointStore,
    @Optional() @Inject(FOLLOWER_STATUS) private readonly followerStatus?: FollowerStatus,
  ) {
    collectDefaultMetrics({ register: this.registry });
  }

  private gauge(name: string, help: string, labelNames: string[] = []): Gauge {
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }

  commandHandled(type: string, outcome: string): void {
    this.commands.inc({ type, outcome });
  }

  requestAnswered(method: string, route: string, status: number, seconds: number): void {
    this.requestSeconds.observe({ method, route, status: String(status) }, seconds);
  }

  /** Prometheus text, the gauges read afresh. */
  async scrape(): Promise<string> {
    const lags = await followerLags(this.store, this.checkpoints, this.followers);
    this.head.set(positionNumber(await this.store.headPosition()));
    for (const lag of lags) {
      this.checkpoint.set({ follower: lag.follower }, positionNumber(lag.checkpoint));
      this.lagEvents.set({ follower: lag.follower }, lag.events);
      this.lagSeconds.set({ follower: lag.follower }, lag.seconds);
    }
    const counts = await this.jobCounts().catch(() => undefined);
    this.jobs.reset(); // no counts (no followers reachable): no series, rather than stale ones
    if (counts) for (const [state, count] of Object.entries(counts)) this.jobs.set({ state }, count);
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** REDIS_URL: the shared BullMQ queue, which every process can count; otherwise the followers' own queue. */
  private async jobCounts(): Promise<JobCounts | undefined> {
    const url = this.config.redisUrl;
    if (!url) return this.followerStatus?.jobCounts();
    this.bullmqReader ??= import('@exam/jobs/bullmq-job-queue').then(({ BullMqJobQueue }) => new BullMqJobQueue(url));
    return (await this.bullmqReader).counts();
  }

  async onApplicationShutdown(): Promise<void> {
    await (await this.bullmqReader)?.close();
  }
}
