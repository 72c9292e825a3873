import { InstitutionPolicySet, PersonEvent } from '@exam/domain';
import { aggregateIdOf, inCategory, RecordedEvent } from '@exam/event-store';
import { ReadDocument, ReadModelStore } from '@exam/read-models';
import { Projector } from '../projector';

export const PEOPLE = 'people_v1';
export const INSTITUTIONS = 'institutions_v1';

/**
 * A person as reads need them: the profile still sealed (only the key store can open it, and
 * only until erasure), so no read model ever holds a name in the clear and a rebuild after an
 * erasure cannot bring one back.
 */
export interface PersonDocument extends ReadDocument {
  revision: number;
  profile: string | null;
  erased: boolean;
}

export interface InstitutionDocument extends ReadDocument {
  revision: number;
  name: string | null;
}

const isPersonEvent = inCategory<PersonEvent>('person');

export class PeopleProjector implements Projector<PersonEvent> {
  readonly name = 'people';
  readonly collections = [PEOPLE];
  readonly handles = isPersonEvent;

  async setUp(): Promise<void> {}

  async apply(event: RecordedEvent<PersonEvent>, store: ReadModelStore): Promise<void> {
    const people = store.collection<PersonDocument>(PEOPLE);
    const _id = aggregateIdOf(event.stream);
    if (event.type === 'PersonalDataErased') {
      await people.putIfNewer({ _id, revision: event.revision, profile: null, erased: true });
      return;
    }
    const current = await people.get(_id);
    if (current?.erased) return; // nothing recorded after an erasure is shown (none can be: the decider refuses)
    await people.putIfNewer({ _id, revision: event.revision, profile: event.data.profile, erased: false });
  }
}

const isInstitutionEvent = inCategory<InstitutionPolicySet>('institution');

export class InstitutionsProjector implements Projector<InstitutionPolicySet> {
  readonly name = 'institutions';
  readonly collections = [INSTITUTIONS];
  readonly handles = isInstitutionEvent;

  async setUp(): Promise<void> {}

  async apply(event: RecordedEvent<InstitutionPolicySet>, store: ReadModelStore): Promise<void> {
    await store
      .collection<InstitutionDocument>(INSTITUTIONS)
      .putIfNewer({ _id: event.data.institutionId, revision: event.revision, name: event.data.name ?? null });
  }
}
