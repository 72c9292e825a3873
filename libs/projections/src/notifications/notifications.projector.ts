import { ExamEvent } from '@exam/domain';
import { RecordedEvent } from '@exam/event-store';
import { ReadDocument, ReadModelStore } from '@exam/read-models';
import { categoryOf, Projector } from '../projector';

export const NOTIFICATIONS = 'notifications_v1';
const EXAM_PEOPLE = 'notification_exam_people_v1';

export interface NotificationDocument extends ReadDocument {
  recipientId: string;
  type: string;
  examId: string | null;
  message: string;
  createdAt: string;
  read: boolean;
}

/** Who an exam concerns, as of the events applied so far. */
interface ExamPeople extends ReadDocument {
  revision: number;
  learnerId: string;
  coachId: string;
  assessorId: string | null;
}

interface Notice {
  to: (people: ExamPeople, event: ExamEvent) => (string | null)[];
  message: (event: ExamEvent) => string;
}

const learner = (p: ExamPeople) => [p.learnerId];

/** One notification per meaningful event, for the person concerned (the learner app shows them). */
const NOTICES: Partial<Record<ExamEvent['type'], Notice>> = {
  SampleAssessed: {
    to: learner,
    message: (e) =>
      (e.data as { outcome: string }).outcome === 'approved'
        ? 'Your coach approved your sample.'
        : 'Your exam application was rejected: read the feedback from your coach, improve the assignments and ask for a new sample.',
  },
  ExamReleased: { to: learner, message: () => 'Your exam is released: you can start it in your learning program.' },
  ExamHandedIn: { to: (p) => [p.coachId, p.assessorId], message: () => 'An exam was handed in.' },
  AssessorAssigned: {
    to: (_p, e) => [(e.data as { assessorId: string }).assessorId],
    message: () => 'An exam was assigned to you for assessment.',
  },
  NextPartInvited: {
    to: learner,
    message: (e) => `You are invited to the next part of your exam: ${(e.data as { partTitle: string }).partTitle}.`,
  },
  AssessmentPublished: { to: learner, message: () => 'Your exam has been assessed: view the assessment in your learning program.' },
  ExamReopened: {
    to: (p) => [p.learnerId, p.coachId],
    message: (e) =>
      (e.data as { reason: string }).reason === 'resit'
        ? 'Your exam is reopened for a resit.'
        : 'Your exam is reopened: add the missing file(s) and hand in again.',
  },
  ExamReopenRequestDeclined: { to: (p) => [p.coachId], message: () => 'A request to reopen an exam was declined.' },
  ProofOfParticipationIssued: { to: learner, message: () => 'Your proof of participation is ready to download.' },
};

export class NotificationsProjector implements Projector {
  readonly name = 'notifications';
  readonly collections = [NOTIFICATIONS, EXAM_PEOPLE];

  async setUp(store: ReadModelStore): Promise<void> {
    await store.collection(NOTIFICATIONS).ensureIndex(['recipientId', 'read']);
  }

  async apply(event: RecordedEvent, store: ReadModelStore): Promise<void> {
    if (categoryOf(event) !== 'exam') return;
    const examEvent = event as unknown as ExamEvent;
    const examId = event.stream.slice('exam-'.length);
    const peopleCollection = store.collection<ExamPeople>(EXAM_PEOPLE);
    let people = await peopleCollection.get(examId);
    if (examEvent.type === 'ExamRegistered' || examEvent.type === 'AssessorAssigned') {
      people = this.nextPeople(people, examId, event.revision, examEvent);
      await peopleCollection.putIfNewer(people);
    }
    const notice = NOTICES[examEvent.type];
    if (!notice || !people) return;
    const recipients = [...new Set(notice.to(people, examEvent).filter((r): r is string => r !== null))];
    for (const recipientId of recipients) {
      // Keyed by event and recipient: a redelivered event inserts nothing new.
      await store.collection<NotificationDocument>(NOTIFICATIONS).insertIfAbsent({
        _id: `${event.id}:${recipientId}`,
        recipientId,
        type: event.type,
        examId,
        message: notice.message(examEvent),
        createdAt: event.metadata.occurredAt,
        read: false,
      });
    }
  }

  private nextPeople(current: ExamPeople | undefined, examId: string, revision: number, event: ExamEvent): ExamPeople {
    if (event.type === 'ExamRegistered') {
      return { _id: examId, revision, learnerId: event.data.learnerId, coachId: event.data.coachId, assessorId: null };
    }
    const assessorId = (event.data as { assessorId: string }).assessorId;
    return { ...(current as ExamPeople), revision, assessorId };
  }
}
