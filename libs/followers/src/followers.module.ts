import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { BeforeApplicationShutdown, Global, Inject, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { Facts, StreamWriter } from '@exam/application';
import { CheckpointStore, EventFollower, EventStore, FollowerHealth } from '@exam/event-store';
import { InProcessJobQueue, JobCounts, JobQueue, LeasedRunner, LeaseStore, SqliteLeaseStore } from '@exam/jobs';
import { ProjectionRuntime } from '@exam/projections';
import { ReadModelStore } from '@exam/read-models';
import { AppConfig, CHECKPOINT_STORE, EVENT_STORE, READ_MODEL_STORE } from '@exam/infrastructure';
import { proofJobFor, ProofsOfParticipation, ProofStore, RENDER_PROOF, RenderProofOfParticipation } from '@exam/proof-of-participation';
import { COMPLETE_ERASURE, completeErasure, erasureJobFor, PersonalDataEraser } from '@exam/personal-data';
import { RecordSubscriptionExpiry } from './record-subscription-expiry';

const logger = new Logger('Worker');

/** The follower that turns events into jobs; its checkpoint name (the projectors' are `checkpointName`'s: `projection:<name>`, `:v<n>` from version 2). */
export const JOB_DISPATCH_FOLLOWER = 'jobs:dispatch';

/** The followers of the event log this worker runs while it leads: the projectors and the jobs. */
class Followers {
  readonly projections: ProjectionRuntime;
  readonly jobs: EventFollower[];
  private expiryTimer?: NodeJS.Timeout;
  private expiryRun: Promise<unknown> = Promise.resolve();

  constructor(
    store: EventStore,
    checkpoints: CheckpointStore,
    readModels: ReadModelStore,
    private readonly queue: JobQueue,
    proof: RenderProofOfParticipation,
    eraser: PersonalDataEraser,
    private readonly expiry: { job: RecordSubscriptionExpiry; intervalMs: number },
  ) {
    this.projections = new ProjectionRuntime(store, readModels, undefined, (message) => logger.warn(message));
    queue.process(async (job) => {
      if (job.name === RENDER_PROOF) await proof.handle(job);
      if (job.name === COMPLETE_ERASURE) await completeErasure(eraser, job);
    });
    // Dispatch: the follower saves its checkpoint only once the job is accepted by the queue.
    this.jobs = [
      new EventFollower(store, checkpoints, {
        name: JOB_DISPATCH_FOLLOWER,
        handle: async (event) => {
          const job = proofJobFor(event) ?? erasureJobFor(event);
          if (job) await queue.enqueue(job);
        },
        log: (message) => logger.warn(message),
      }),
    ];
  }

  async start(): Promise<void> {
    await this.projections.start();
    for (const job of this.jobs) job.start();
    this.expiryTimer = setInterval(() => {
      this.expiryRun = this.expiryRun
        .then(() => this.expiry.job.run())
        .catch((error: Error) => logger.warn(`subscription expiry: ${error.message}`));
    }, this.expiry.intervalMs);
  }

  /** Stops after the event in hand: its checkpoint is saved, nothing is half-applied. */
  async stop(): Promise<void> {
    clearInterval(this.expiryTimer);
    await this.expiryRun;
    await Promise.all([this.projections.stop(), ...this.jobs.map((j) => j.stop())]);
    await this.queue.close();
  }

  health(): FollowerHealth[] {
    return [...this.projections.health(), ...this.jobs.map((f) => ({ ...f.health }))];
  }

  jobCounts(): Promise<JobCounts> {
    return this.queue.counts();
  }
}

/** What readiness asks of the followers, wherever they run (in this process, or a supervised child). */
export interface FollowerStatus {
  /** False for a standby worker: another process leads, so having no followers here is fine. */
  readonly leading: boolean;
  health(): FollowerHealth[];
  /** The job queue's counts where this process can see them (undefined: no followers here, or not leading). */
  jobCounts(): Promise<JobCounts | undefined>;
}
export const FOLLOWER_STATUS = Symbol('FollowerStatus');

/**
 * Several worker processes may run; one leads (holds the lease) and runs every follower, the others
 * stand by and take over within the lease TTL. Why not split the work: each projection must apply
 * its stream's events in order, and FerretDB does not make racing conditional writes atomic.
 */
export class WorkerRuntime implements FollowerStatus {
  private current?: Followers;
  private readonly runner: LeasedRunner;

  constructor(
    private readonly build: () => Followers,
    readonly leases: LeaseStore,
    ttlMs: number,
  ) {
    this.runner = new LeasedRunner({
      leases,
      name: 'worker',
      owner: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
      ttlMs,
      start: async () => {
        this.current = this.build();
        await this.current.start();
      },
      stop: async () => {
        await this.current?.stop();
        this.current = undefined;
      },
      log: (message) => logger.log(message),
    });
  }

  start(): void {
    this.runner.begin();
  }

  async stop(): Promise<void> {
    await this.runner.end();
    await this.leases.close();
  }

  get leading(): boolean {
    return this.runner.isLeader;
  }

  health(): FollowerHealth[] {
    return this.current?.health() ?? [];
  }

  async jobCounts(): Promise<JobCounts | undefined> {
    return this.current?.jobCounts();
  }
}

/** Global so the api's readiness check can see the followers when both run in one process. */
@Global()
@Module({
  providers: [
    {
      provide: WorkerRuntime,
      inject: [
        AppConfig,
        EVENT_STORE,
        CHECKPOINT_STORE,
        READ_MODEL_STORE,
        Facts,
        ProofStore,
        ProofsOfParticipation,
        StreamWriter,
        PersonalDataEraser,
      ],
      useFactory: async (
        config: AppConfig,
        store: EventStore,
        checkpoints: CheckpointStore,
        readModels: ReadModelStore,
        facts: Facts,
        proofs: ProofStore,
        issued: ProofsOfParticipation,
        writer: StreamWriter,
        eraser: PersonalDataEraser,
      ) => {
        const leases = config.mongoUrl
          ? await (await import('@exam/jobs/mongodb-lease-store')).MongoLeaseStore.connect(config.mongoUrl)
          : new SqliteLeaseStore(join(config.dataDir, 'leases.sqlite'));
        const proof = new RenderProofOfParticipation(facts, proofs, issued);
        // REDIS_URL: jobs on BullMQ (durable, shared by workers); otherwise run in this process.
        // Loaded only when configured: BullMQ and its Redis client cost memory the embedded default does not need.
        const bullmq = config.redisUrl ? await import('@exam/jobs/bullmq-job-queue') : undefined;
        if (bullmq && config.redisUrl) {
          await bullmq.assertRedisReachable(config.redisUrl).catch((error: Error) => {
            throw new Error(`REDIS_URL: cannot reach Redis (${error.message})`);
          });
        }
        const BullMq = bullmq?.BullMqJobQueue;
        const queue = () => (BullMq && config.redisUrl ? new BullMq(config.redisUrl) : new InProcessJobQueue());
        return new WorkerRuntime(
          () =>
            new Followers(store, checkpoints, readModels, queue(), proof, eraser, {
              job: new RecordSubscriptionExpiry(readModels, writer),
              intervalMs: config.subscriptionExpiryIntervalMs,
            }),
          leases,
          config.workerLeaseTtlMs,
        );
      },
    },
    { provide: FOLLOWER_STATUS, useExisting: WorkerRuntime },
  ],
  exports: [WorkerRuntime, FOLLOWER_STATUS],
})
export class FollowersModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(WorkerRuntime) private readonly runtime: WorkerRuntime) {}

  onApplicationBootstrap(): void {
    this.runtime.start();
  }

  /** Before the stores close: followers finish the event in hand and the lease is handed back. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.runtime.stop();
    logger.log('followers stopped, checkpoints saved, lease released');
  }
}
