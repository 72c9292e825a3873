import { PersonalDataErased } from '@exam/domain';
import { inCategory, RecordedEvent } from '@exam/event-store';
import { Job } from '@exam/jobs';
import { PersonalDataEraser } from './personal-data-eraser';

export const COMPLETE_ERASURE = 'complete-erasure';

const isPersonEvent = inCategory<PersonalDataErased>('person');

/** The job that finishes an erasure the command could not (a crash after the event, read models behind). */
export function erasureJobFor(event: RecordedEvent): Job | undefined {
  if (!isPersonEvent(event) || event.type !== 'PersonalDataErased') return undefined;
  return { id: event.id, name: COMPLETE_ERASURE, payload: { personId: event.data.personId, position: event.position } };
}

export async function completeErasure(eraser: PersonalDataEraser, job: Job): Promise<void> {
  const { personId, position } = job.payload;
  if (typeof personId !== 'string' || typeof position !== 'string') throw new Error(`${COMPLETE_ERASURE}: malformed job ${job.id}`);
  await eraser.complete(personId, position);
}
