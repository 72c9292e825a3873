import { BeforeApplicationShutdown, Global, Inject, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { Facts } from '@exam/application';
import { EventStore } from '@exam/event-store';
import { CheckpointStore, EventFollower, FollowerHealth, ProofStore } from '@exam/jobs';
import { ProjectionRuntime } from '@exam/projections';
import { ReadModelStore } from '@exam/read-models';
import { CHECKPOINT_STORE, EVENT_STORE, READ_MODEL_STORE } from '../../api/src/infrastructure/tokens';
import { RenderProofOfParticipation } from './jobs/render-proof-of-participation';

/** Background work that follows the event log: jobs (and, later, projectors), each from its own checkpoint. */
export class WorkerRuntime {
  readonly jobs: EventFollower[];
  readonly projections: ProjectionRuntime;

  constructor(store: EventStore, checkpoints: CheckpointStore, readModels: ReadModelStore, facts: Facts, proofs: ProofStore) {
    const logger = new Logger('Worker');
    const proof = new RenderProofOfParticipation(facts, proofs);
    this.projections = new ProjectionRuntime(store, readModels, undefined, (message) => logger.warn(message));
    this.jobs = [
      new EventFollower(store, checkpoints, {
        name: 'job:render-proof-of-participation',
        handle: (event) => proof.handle(event),
        log: (message) => logger.warn(message),
      }),
    ];
  }

  async start(): Promise<void> {
    await this.projections.start();
    for (const job of this.jobs) job.start();
  }

  async stop(): Promise<void> {
    await Promise.all([this.projections.stop(), ...this.jobs.map((j) => j.stop())]);
  }

  health(): FollowerHealth[] {
    return [...this.projections.health(), ...this.jobs.map((f) => ({ ...f.health }))];
  }
}

/** Global so the api's readiness check can see the followers when both run in one process. */
@Global()
@Module({
  providers: [
    {
      provide: WorkerRuntime,
      inject: [EVENT_STORE, CHECKPOINT_STORE, READ_MODEL_STORE, Facts, ProofStore],
      useFactory: (store: EventStore, checkpoints: CheckpointStore, readModels: ReadModelStore, facts: Facts, proofs: ProofStore) =>
        new WorkerRuntime(store, checkpoints, readModels, facts, proofs),
    },
  ],
  exports: [WorkerRuntime],
})
export class WorkerModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(WorkerRuntime) private readonly runtime: WorkerRuntime) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.runtime.start();
  }

  /** Stops after the event in hand (its checkpoint saved, nothing half-applied), before the stores close. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.runtime.stop();
    new Logger('Worker').log('followers stopped, checkpoints saved');
  }
}
