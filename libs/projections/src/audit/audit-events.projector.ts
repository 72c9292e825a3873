import { ExamEvent } from '@exam/domain';
import { aggregateIdOf, institutionIdOf, RecordedEvent } from '@exam/event-store';
import { ReadDocument, ReadModelStore } from '@exam/read-models';
import { isAnyEvent, isExamEvent, Projector } from '../projector';
import { positionKey } from './position-key';

export const AUDIT_EVENTS = 'audit_events_v2';
const AUDIT_EXAMS = 'audit_exams_v1';

/**
 * One document per event of the log, for the examination board's filtered listing
 * (CONTRACT.md, "Audit": GET /api/audit/events). Payloads stay in the event store: the history
 * and the export read them from there.
 */
export interface AuditEventDocument extends ReadDocument {
  /**
   * The event's position key (`positionKey`): it sorts as text like `position` in the log, so it is
   * both the listing's order and its cursor. As the key, it also makes each insert land at the end
   * of its value's range in every index, not at a random point (event ids are random): SQLite
   * inserts a bench log's trail 1.2–1.5× faster.
   */
  _id: string;
  eventId: string;
  position: string;
  stream: string;
  revision: number;
  type: string;
  examId: string | null;
  /** The exam's institution for exam events, the institution for its policy stream; null for programs and learners. */
  institutionId: string | null;
  actorId: string;
  actorRole: string;
  occurredAt: string;
  correlationId: string;
  causationId: string;
  prevHash: string | null;
  hash: string | null;
}

/** The institution an exam was registered in (ExamRegistered, revision 0): it never changes. */
interface AuditExamDocument extends ReadDocument {
  institutionId: string;
}

export class AuditEventsProjector implements Projector {
  readonly name = 'audit-events';
  /** 2: keyed by position, not by event id. */
  readonly version = 2;
  readonly collections = [AUDIT_EVENTS, AUDIT_EXAMS];
  /** Version 1's trail, keyed by event id. */
  readonly retiredCollections = ['audit_events_v1'];
  /** The audit trail lists every event of the log. */
  readonly handles = isAnyEvent;

  async setUp(store: ReadModelStore): Promise<void> {
    const events = store.collection<AuditEventDocument>(AUDIT_EVENTS);
    // One index per filter of the listing, each ending in the cursor (the key) so a page is a range scan.
    await events.ensureIndex(['institutionId', '_id']);
    await events.ensureIndex(['actorId', '_id']);
    await events.ensureIndex(['type', '_id']);
    await events.ensureIndex(['occurredAt']);
    // verify: did the audit trail see revisions the event store no longer has?
    await events.ensureIndex(['stream', 'revision']);
  }

  async apply(event: RecordedEvent, store: ReadModelStore): Promise<void> {
    const examId = isExamEvent(event) ? aggregateIdOf(event.stream) : null;
    const institutionId = isExamEvent(event) ? await this.examInstitution(event, store) : (institutionIdOf(event.stream) ?? null);
    const { metadata } = event;
    // Keyed by position: a redelivered event inserts nothing.
    await store.collection<AuditEventDocument>(AUDIT_EVENTS).insertIfAbsent({
      _id: positionKey(event.position),
      eventId: event.id,
      position: event.position,
      stream: event.stream,
      revision: event.revision,
      type: event.type,
      examId,
      institutionId,
      actorId: metadata.actorId,
      actorRole: metadata.actorRole,
      occurredAt: metadata.occurredAt,
      correlationId: metadata.correlationId,
      causationId: metadata.causationId,
      prevHash: metadata.prevHash ?? null,
      hash: metadata.hash ?? null,
    });
  }

  private async examInstitution(event: RecordedEvent<ExamEvent>, store: ReadModelStore): Promise<string | null> {
    const exams = store.collection<AuditExamDocument>(AUDIT_EXAMS);
    const examId = aggregateIdOf(event.stream);
    if (event.type === 'ExamRegistered') {
      const { institutionId } = event.data;
      await exams.insertIfAbsent({ _id: examId, institutionId });
      return institutionId;
    }
    return (await exams.get(examId))?.institutionId ?? null;
  }
}
