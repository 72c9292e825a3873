import { evolveLearnerAccess, initialLearnerAccess, LearnerAccessEvent, LearnerAccessState } from '@exam/domain';
import { aggregateIdOf, RecordedEvent } from '@exam/event-store';
import { ReadDocument, ReadModelStore } from '@exam/read-models';
import { isLearnerAccessEvent, Projector } from '../projector';

export const LEARNER_ACCESS = 'learner_access_v1';

export interface LearnerAccessDocument extends ReadDocument {
  revision: number;
  access: LearnerAccessState;
  /** Top-level for the expiry job's query: access ends at this instant… */
  validUntil: string | null;
  /** …and SubscriptionEnded is already recorded for it. */
  expiryRecorded: boolean;
}

export class LearnerAccessProjector implements Projector<LearnerAccessEvent> {
  readonly name = 'learner-access';
  readonly collections = [LEARNER_ACCESS];
  readonly handles = isLearnerAccessEvent;

  /** Read by learner id, and by the expiry job: access that ran out without SubscriptionEnded yet. */
  async setUp(store: ReadModelStore): Promise<void> {
    await store.collection(LEARNER_ACCESS).ensureIndex(['expiryRecorded', 'validUntil']);
  }

  async apply(event: RecordedEvent<LearnerAccessEvent>, store: ReadModelStore): Promise<void> {
    const collection = store.collection<LearnerAccessDocument>(LEARNER_ACCESS);
    const learnerId = aggregateIdOf(event.stream);
    const current = await collection.get(learnerId);
    if (current && current.revision >= event.revision) return;
    const access = evolveLearnerAccess(current?.access ?? initialLearnerAccess(), event);
    await collection.putIfNewer({
      _id: learnerId,
      revision: event.revision,
      access,
      validUntil: access.validUntil ?? null,
      expiryRecorded: access.validUntil !== undefined && access.endedFor === access.validUntil,
    });
  }
}
