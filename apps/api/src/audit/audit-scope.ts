import { Actor, ExamEvent, Role } from '@exam/domain';
import { EventStore, examStream, RecordedEvent } from '@exam/event-store';
import { ApiError } from '../http/api-error';

/** CONTRACT.md, "Audit": the examination board of the exam's institution, and admins. */
export const AUDIT_ROLES: Role[] = ['exam_board', 'admin'];

/**
 * The exam's whole stream, straight from the event store, when the actor may audit it. Unknown
 * and out-of-scope exams both answer 404 (CONTRACT.md, "Authentication": ids cannot be probed).
 * The institution comes from ExamRegistered; a stream that lost it is for admins only.
 */
export async function auditableExamStream(store: EventStore, actor: Actor, examId: string): Promise<RecordedEvent<ExamEvent>[]> {
  const events = await store.readStream<ExamEvent>(examStream(examId));
  const registered = events.find((e) => e.type === 'ExamRegistered');
  const inScope =
    actor.role === 'admin' ||
    (actor.role === 'exam_board' && actor.institutionId !== undefined && registered?.data.institutionId === actor.institutionId);
  if (events.length === 0 || !inScope) throw new ApiError(404, 'NOT_FOUND', 'exam not found');
  return events;
}

/**
 * The institution a listing or export is limited to: an exam_board sees its own (the default) and
 * gets 403 naming another; an admin may name any or none (everything).
 */
export function auditedInstitution(actor: Actor, requested: string | undefined): string | undefined {
  if (actor.role === 'admin') return requested;
  if (actor.institutionId === undefined) throw new ApiError(403, 'FORBIDDEN', 'this token names no institution to audit');
  if (requested !== undefined && requested !== actor.institutionId) {
    throw new ApiError(403, 'FORBIDDEN', 'an examination board audits its own institution only');
  }
  return actor.institutionId;
}
