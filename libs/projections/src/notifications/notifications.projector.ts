import { ExamEvent } from '@exam/domain';
import { aggregateIdOf, RecordedEvent } from '@exam/event-store';
import { ReadDocument, ReadModelStore } from '@exam/read-models';
import { isExamEvent, Projector } from '../projector';

export const NOTIFICATIONS = 'notifications_v1';
const EXAM_PEOPLE = 'notification_exam_people_v1';

export interface NotificationDocument extends ReadDocument {
  recipientId: string;
  type: string;
  examId: string | null;
  /** May name people as `{learner|a learner}`: filled in at read time (names are never stored here), see `withNames`. */
  message: string;
  /** The ids the message's placeholders stand for. */
  people?: { learner: string; coach: string };
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

interface Notice<E extends ExamEvent> {
  to: (people: ExamPeople, event: E) => (string | null)[];
  message: (event: E) => string;
}
type EventOf<T extends ExamEvent['type']> = Extract<ExamEvent, { type: T }>;
type Notices = { [T in ExamEvent['type']]?: Notice<EventOf<T>> };

const learner = (p: ExamPeople) => [p.learnerId];

/** One notification per meaningful event, for the person concerned (the learner app shows them). */
const NOTICES: Notices = {
  SampleAssessed: {
    to: learner,
    message: (e) =>
      e.data.outcome === 'approved'
        ? '{coach|Your coach} approved your sample.'
        : 'Your exam application was rejected: read the feedback from your coach, improve the assignments and ask for a new sample.',
  },
  ExamReleased: { to: learner, message: () => 'Your exam is released: you can start it in your learning program.' },
  ExamHandedIn: { to: (p) => [p.coachId, p.assessorId], message: () => '{learner|A learner} handed in an exam.' },
  AssessorAssigned: {
    to: (_p, e) => [e.data.assessorId],
    message: () => 'The exam of {learner|a learner} was assigned to you for assessment.',
  },
  NextPartInvited: {
    to: learner,
    message: (e) => `You are invited to the next part of your exam: ${e.data.partTitle}.`,
  },
  AssessmentPublished: { to: learner, message: () => 'Your exam has been assessed: view the assessment in your learning program.' },
  ExamReopened: {
    to: (p) => [p.learnerId, p.coachId],
    message: (e) =>
      e.data.reason === 'resit'
        ? 'Your exam is reopened for a resit.'
        : 'Your exam is reopened: add the missing file(s) and hand in again.',
  },
  ExamReopenRequestDeclined: {
    to: (p) => [p.coachId],
    message: () => 'A request to reopen the exam of {learner|a learner} was declined.',
  },
  ProofOfParticipationIssued: { to: learner, message: () => 'Your proof of participation is ready to download.' },
};

export class NotificationsProjector implements Projector<ExamEvent> {
  readonly name = 'notifications';
  readonly collections = [NOTIFICATIONS, EXAM_PEOPLE];
  readonly handles = isExamEvent;

  async setUp(store: ReadModelStore): Promise<void> {
    // A recipient's newest first, all or unread only: each filter then the sort, so a page is read in order.
    const notifications = store.collection(NOTIFICATIONS);
    await notifications.ensureIndex(['recipientId', 'createdAt']);
    await notifications.ensureIndex(['recipientId', 'read', 'createdAt']);
  }

  async apply(event: RecordedEvent<ExamEvent>, store: ReadModelStore): Promise<void> {
    const examId = aggregateIdOf(event.stream);
    const peopleCollection = store.collection<ExamPeople>(EXAM_PEOPLE);
    let people = await peopleCollection.get(examId);
    if (event.type === 'ExamRegistered') {
      const { learnerId, coachId } = event.data;
      people = { _id: examId, revision: event.revision, learnerId, coachId, assessorId: null };
      await peopleCollection.putIfNewer(people);
    } else if (event.type === 'AssessorAssigned' && people) {
      people = { ...people, revision: event.revision, assessorId: event.data.assessorId };
      await peopleCollection.putIfNewer(people);
    }
    const notice = noticeFor(event);
    if (!notice || !people) return;
    const recipients = [...new Set(notice.to(people).filter((r): r is string => r !== null))];
    for (const recipientId of recipients) {
      // Keyed by event and recipient: a redelivered event inserts nothing new.
      await store.collection<NotificationDocument>(NOTIFICATIONS).insertIfAbsent({
        _id: `${event.id}:${recipientId}`,
        recipientId,
        type: event.type,
        examId,
        message: notice.message,
        people: { learner: people.learnerId, coach: people.coachId },
        createdAt: event.metadata.occurredAt,
        read: false,
      });
    }
  }
}

/** The notice for this event, if any, with its recipients and message worked out. */
function noticeFor<T extends ExamEvent['type']>(
  event: EventOf<T>,
): { to: (people: ExamPeople) => (string | null)[]; message: string } | undefined {
  const notice: Notices[T] = NOTICES[event.type];
  return notice && { to: (people) => notice.to(people, event), message: notice.message(event) };
}

const PLACEHOLDER = /\{(learner|coach)\|([^}]*)\}/g;

/** The message as its reader sees it: each placeholder the person's name, or its wording when no name is known (or erased). */
export function withNames(doc: Pick<NotificationDocument, 'message' | 'people'>, nameOf: (id: string) => string | null): string {
  return doc.message.replace(PLACEHOLDER, (_match, role: 'learner' | 'coach', fallback: string) => {
    const id = doc.people?.[role];
    return (id && nameOf(id)) || fallback;
  });
}
