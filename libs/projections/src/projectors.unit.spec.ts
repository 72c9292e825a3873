/**
 * Each projector: given events (each applied twice: delivery is at-least-once), then the
 * documents it keeps. The end-to-end tests show the same through a running server; these say
 * why, in milliseconds.
 */
import { ExamEvent, InstitutionPolicySet, LearnerAccessEvent, ProgramDefined } from '@exam/domain';
import { examStream, institutionStream, learnerStream, programStream } from '@exam/event-store';
import { AUDIT_EVENTS, AuditEventDocument, AuditEventsProjector } from './audit/audit-events.projector';
import { EXAM_VIEWS, ExamViewDocument } from './exam-views/exam-view.document';
import { ExamViewsProjector } from './exam-views/exam-views.projector';
import { LEARNER_ACCESS, LearnerAccessDocument, LearnerAccessProjector } from './learner-access/learner-access.projector';
import { NOTIFICATIONS, NotificationDocument, NotificationsProjector, withNames } from './notifications/notifications.projector';
import { PROGRAMS, ProgramDocument, ProgramsProjector } from './programs/programs.projector';
import { EventLog, projectionSpec } from './testing/projection-spec';

const AT = '2025-03-20T09:00:00.000Z';
const EXAM = examStream('exam-1');

const registered: ExamEvent = {
  type: 'ExamRegistered',
  data: { examId: 'exam-1', learnerId: 'learner-1', programId: 'program-1', institutionId: 'inst-1', coachId: 'coach-1', registeredAt: AT },
};
const xp: ExamEvent = { type: 'XpAwarded', data: { examId: 'exam-1', amount: 40, source: 'a-1', totalXp: 40 } };
const sampleStarted: ExamEvent = { type: 'SampleStarted', data: { examId: 'exam-1', sampleNumber: 1, startedAt: AT } };
const sampleApproved: ExamEvent = {
  type: 'SampleAssessed',
  data: { examId: 'exam-1', sampleNumber: 1, outcome: 'approved', feedback: [], assessedAt: AT },
};
const assessorAssigned: ExamEvent = { type: 'AssessorAssigned', data: { examId: 'exam-1', assessorId: 'assessor-1', assignedAt: AT } };
const program: ProgramDefined = {
  type: 'ProgramDefined',
  data: { programId: 'program-1', title: 'Bookkeeping', xpRequired: 100, hasNextPart: false, components: [] },
};
const policy: InstitutionPolicySet = {
  type: 'InstitutionPolicySet',
  data: { institutionId: 'inst-1', gradingScale: 'numeric', passMark: 5.5, resitsAllowed: true, earlyReleaseAllowed: false },
};

describe('exam views', () => {
  it('fold the exam with the domain’s evolve, keyed by exam, at the revision applied', async () => {
    const log = new EventLog();
    const events = [log.record(EXAM, registered), log.record(EXAM, xp), log.record(EXAM, sampleStarted)];
    await projectionSpec(new ExamViewsProjector())
      .given(events)
      .then(async (store) => {
        const view = await store.collection<ExamViewDocument>(EXAM_VIEWS).get('exam-1');
        expect(view).toMatchObject({
          revision: 2,
          learnerId: 'learner-1',
          coachId: 'coach-1',
          status: 'SAMPLE_IN_REVIEW',
          exam: { xp: 40 },
        });
        expect(await store.collection(EXAM_VIEWS).count()).toBe(1);
      });
  });

  it('leave other streams alone', async () => {
    const log = new EventLog();
    await projectionSpec(new ExamViewsProjector())
      .given([log.record(programStream('program-1'), program), log.record(institutionStream('inst-1'), policy)])
      .then(async (store) => expect(await store.collection(EXAM_VIEWS).count()).toBe(0));
  });

  it('never roll back: an older event delivered after a newer one changes nothing', async () => {
    const log = new EventLog();
    const [first, second] = [log.record(EXAM, registered), log.record(EXAM, xp)];
    await projectionSpec(new ExamViewsProjector())
      .given([first, second, first])
      .then(async (store) =>
        expect(await store.collection<ExamViewDocument>(EXAM_VIEWS).get('exam-1')).toMatchObject({ revision: 1, exam: { xp: 40 } }),
      );
  });
});

describe('programs', () => {
  it('keep the program as last defined', async () => {
    const log = new EventLog();
    const renamed: ProgramDefined = { ...program, data: { ...program.data, title: 'Bookkeeping II' } };
    await projectionSpec(new ProgramsProjector())
      .given([log.record(programStream('program-1'), program), log.record(programStream('program-1'), renamed)])
      .then(async (store) => {
        expect(await store.collection<ProgramDocument>(PROGRAMS).get('program-1')).toMatchObject({
          revision: 1,
          program: { title: 'Bookkeeping II' },
        });
      });
  });
});

describe('learner access', () => {
  const stream = learnerStream('learner-1');
  const trial: LearnerAccessEvent = {
    type: 'FreeTrialStarted',
    data: { learnerId: 'learner-1', startedAt: AT, validUntil: '2025-03-30T09:00:00.000Z' },
  };
  const ended: LearnerAccessEvent = {
    type: 'SubscriptionEnded',
    data: { learnerId: 'learner-1', validUntil: '2025-03-30T09:00:00.000Z', endedAt: AT },
  };

  it('show until when access runs and whether its end is recorded (what the expiry job looks for)', async () => {
    const log = new EventLog();
    await projectionSpec(new LearnerAccessProjector())
      .given([log.record(stream, trial)])
      .then(async (store) => {
        const access = await store.collection<LearnerAccessDocument>(LEARNER_ACCESS).get('learner-1');
        expect(access).toMatchObject({ revision: 0, validUntil: '2025-03-30T09:00:00.000Z', expiryRecorded: false });
      });
    const later = new EventLog();
    await projectionSpec(new LearnerAccessProjector())
      .given([later.record(stream, trial), later.record(stream, ended)])
      .then(async (store) =>
        expect(await store.collection<LearnerAccessDocument>(LEARNER_ACCESS).get('learner-1')).toMatchObject({ expiryRecorded: true }),
      );
  });
});

describe('notifications', () => {
  it('tell the person concerned once per event, however often it is delivered', async () => {
    const log = new EventLog();
    await projectionSpec(new NotificationsProjector())
      .given([
        log.record(EXAM, registered),
        log.record(EXAM, sampleStarted),
        log.record(EXAM, sampleApproved),
        log.record(EXAM, assessorAssigned),
      ])
      .then(async (store) => {
        const notifications = store.collection<NotificationDocument>(NOTIFICATIONS);
        const [approved, ...others] = await notifications.find({ recipientId: 'learner-1' });
        expect(others).toEqual([]);
        expect(approved).toMatchObject({ type: 'SampleAssessed', examId: 'exam-1', read: false });
        // Names are filled in when read, never stored: the coach's, or the wording without a name.
        expect(withNames(approved, (id) => (id === 'coach-1' ? 'Carla de Vries' : null))).toBe('Carla de Vries approved your sample.');
        expect(withNames(approved, () => null)).toBe('Your coach approved your sample.');
        expect(await notifications.find({ recipientId: 'assessor-1' })).toEqual([expect.objectContaining({ type: 'AssessorAssigned' })]);
        expect(await notifications.count()).toBe(2);
      });
  });
});

describe('the audit trail', () => {
  it('lists every event once, with its exam and institution, and the hashes it carried', async () => {
    const log = new EventLog();
    const events = [
      log.record(institutionStream('inst-1'), policy),
      log.record(EXAM, registered, { prevHash: '0'.repeat(64), hash: 'a'.repeat(64) }),
      log.record(EXAM, xp),
      log.record(learnerStream('learner-1'), { type: 'FreeTrialStarted', data: { learnerId: 'learner-1', startedAt: AT, validUntil: AT } }),
    ];
    await projectionSpec(new AuditEventsProjector())
      .given(events)
      .then(async (store) => {
        const trail = await store.collection<AuditEventDocument>(AUDIT_EVENTS).find({}, { sort: { field: '_id', direction: 1 } });
        expect(trail.map(({ type, examId, institutionId }) => ({ type, examId, institutionId }))).toEqual([
          { type: 'InstitutionPolicySet', examId: null, institutionId: 'inst-1' },
          { type: 'ExamRegistered', examId: 'exam-1', institutionId: 'inst-1' },
          { type: 'XpAwarded', examId: 'exam-1', institutionId: 'inst-1' },
          { type: 'FreeTrialStarted', examId: null, institutionId: null },
        ]);
        expect(trail[1]).toMatchObject({ prevHash: '0'.repeat(64), hash: 'a'.repeat(64) });
      });
  });
});
