import { randomUUID } from 'node:crypto';
import { StreamWriter } from '@exam/application';
import { Actor, learnerAccessDecider } from '@exam/domain';
import { learnerStream } from '@exam/event-store';
import { LEARNER_ACCESS, LearnerAccessDocument } from '@exam/projections';
import { ReadModelStore } from '@exam/read-models';

/** The scheduler acts as the platform operator; its id makes it plain in the audit history. */
export const SUBSCRIPTION_EXPIRY_ACTOR: Actor = { id: 'system:subscription-expiry', role: 'admin' };

/**
 * DOMAIN.md, "Learner access": when access runs out, SubscriptionEnded is recorded by a scheduled job.
 * Finds access that ran out without it and asks the learner's stream; the decider records it once
 * (and not at all if a new subscription arrived meanwhile), so overlapping runs change nothing.
 */
export class RecordSubscriptionExpiry {
  constructor(
    private readonly readModels: ReadModelStore,
    private readonly writer: StreamWriter,
  ) {}

  async run(now = new Date().toISOString()): Promise<number> {
    const expired = await this.readModels
      .collection<LearnerAccessDocument>(LEARNER_ACCESS)
      .find({ expiryRecorded: false, validUntil: { $lte: now } }, { limit: 500 });
    let recorded = 0;
    for (const learner of expired) {
      const id = randomUUID();
      const outcome = await this.writer.handle(
        learnerAccessDecider,
        learnerStream(learner._id),
        { type: 'EndSubscription', learnerId: learner._id, now },
        { actor: SUBSCRIPTION_EXPIRY_ACTOR, now, correlationId: id, causationId: `schedule:${now}` },
      );
      recorded += outcome.events.length;
    }
    return recorded;
  }
}
