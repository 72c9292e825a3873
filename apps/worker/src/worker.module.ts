import { Global, Inject, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Facts } from '@exam/application';
import { EventStore } from '@exam/event-store';
import { CheckpointStore, EventFollower, FollowerHealth, ProofStore } from '@exam/jobs';
import { CHECKPOINT_STORE, EVENT_STORE } from '../../api/src/infrastructure/tokens';
import { RenderProofOfParticipation } from './jobs/render-proof-of-participation';

/** Background work that follows the event log: jobs (and, later, projectors), each from its own checkpoint. */
export class WorkerRuntime {
  readonly followers: EventFollower[];

  constructor(store: EventStore, checkpoints: CheckpointStore, facts: Facts, proofs: ProofStore) {
    const logger = new Logger('Worker');
    const proof = new RenderProofOfParticipation(facts, proofs);
    this.followers = [
      new EventFollower(store, checkpoints, {
        name: 'job:render-proof-of-participation',
        handle: (event) => proof.handle(event),
        log: (message) => logger.warn(message),
      }),
    ];
  }

  health(): FollowerHealth[] {
    return this.followers.map((f) => ({ ...f.health }));
  }
}

/** Global so the api's readiness check can see the followers when both run in one process. */
@Global()
@Module({
  providers: [
    {
      provide: WorkerRuntime,
      inject: [EVENT_STORE, CHECKPOINT_STORE, Facts, ProofStore],
      useFactory: (store: EventStore, checkpoints: CheckpointStore, facts: Facts, proofs: ProofStore) =>
        new WorkerRuntime(store, checkpoints, facts, proofs),
    },
  ],
  exports: [WorkerRuntime],
})
export class WorkerModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(WorkerRuntime) private readonly runtime: WorkerRuntime) {}

  onApplicationBootstrap(): void {
    for (const follower of this.runtime.followers) follower.start();
  }

  /** Stops after the event in hand: its checkpoint is saved, nothing is half-applied. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.runtime.followers.map((f) => f.stop()));
    new Logger('Worker').log('followers stopped, checkpoints saved');
  }
}
