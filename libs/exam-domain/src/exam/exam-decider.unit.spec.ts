/**
 * The exam aggregate, rule by rule (DOMAIN.md "Lifecycle of an exam", "Reopening",
 * "Learner access" as far as the exam sees it). Given past events, when a command, then events or a refusal.
 */
import { Grade, GradingScale, InstitutionPolicy } from '../institution/institution-policy';
import { Program } from '../program/program';
import { examSpec } from '../testing/given-when-then';
import { MAX_VIDEO_BYTES } from './exam-decider';
import * as C from './exam-commands';
import { ExamEvent, ExamFile, ReopenReason, SampleFeedback, SampleOutcome } from './exam-events';
import { RegisteredExam } from './exam-state';

// ---------------------------------------------------------------- fixtures

const EXAM_ID = 'exam-1';
const LEARNER = 'learner-1';
const COACH = 'coach-1';
const ASSESSOR = 'assessor-1';
const INSTITUTION = 'institution-1';
const PROGRAM_ID = 'program-bookkeeping';

/** A fixed instant in March 2025 (no clocks in domain tests). */
const at = (day: number, hour = 9): string => new Date(Date.UTC(2025, 2, day, hour)).toISOString();
/** When the command under test is issued. */
const NOW = at(20);

function policy(overrides: Partial<InstitutionPolicy> = {}): InstitutionPolicy {
  return {
    institutionId: INSTITUTION,
    gradingScale: 'numeric',
    passMark: 5.5,
    resitsAllowed: true,
    earlyReleaseAllowed: false,
    ...overrides,
  };
}
const ratingPolicy = (overrides: Partial<InstitutionPolicy> = {}) => policy({ gradingScale: 'rating', passMark: undefined, ...overrides });

function program(overrides: Partial<Program> = {}): Program {
  return {
    programId: PROGRAM_ID,
    title: 'Bookkeeping basics',
    xpRequired: 100,
    hasNextPart: true,
    components: [
      { id: 'essay', title: 'Essay', instructions: 'Write an essay on double-entry bookkeeping.', indicativeMinutes: 90 },
      { id: 'presentation', title: 'Presentation', instructions: 'Record a short video presentation.', indicativeMinutes: 15 },
    ],
    ...overrides,
  };
}

function file(overrides: Partial<ExamFile> = {}): ExamFile {
  return {
    fileId: 'file-essay',
    name: 'essay.pdf',
    size: 250_000,
    mediaType: 'application/pdf',
    sha256: 'a'.repeat(64),
    componentId: 'essay',
    ...overrides,
  };
}
const essay = file();
const appendix = file({ fileId: 'file-appendix', name: 'appendix.xlsx', mediaType: 'application/vnd.ms-excel', sha256: 'c'.repeat(64) });
const video = (size: number, mediaType = 'video/mp4') =>
  file({ fileId: 'file-video', name: 'presentation.mp4', size, mediaType, sha256: 'b'.repeat(64), componentId: 'presentation' });

const SAMPLE_FEEDBACK: SampleFeedback[] = [
  { assignmentId: 'assignment-1', comment: 'Journal entries are correct.' },
  { assignmentId: 'assignment-2', comment: 'The balance sheet does not balance; check the accruals.' },
];

// ---------------------------------------------------------------- events

const examRegistered = (when = NOW): ExamEvent => ({
  type: 'ExamRegistered',
  data: { examId: EXAM_ID, learnerId: LEARNER, programId: PROGRAM_ID, institutionId: INSTITUTION, coachId: COACH, registeredAt: when },
});
const xpAwarded = (amount: number, totalXp: number, source = 'assignment-1'): ExamEvent => ({
  type: 'XpAwarded',
  data: { examId: EXAM_ID, amount, source, totalXp },
});
const sampleStarted = (sampleNumber: number, when = NOW): ExamEvent => ({
  type: 'SampleStarted',
  data: { examId: EXAM_ID, sampleNumber, startedAt: when },
});
const sampleAssessed = (sampleNumber: number, outcome: SampleOutcome, when = NOW, feedback = SAMPLE_FEEDBACK): ExamEvent => ({
  type: 'SampleAssessed',
  data: { examId: EXAM_ID, sampleNumber, outcome, feedback, assessedAt: when },
});
const sampleFeedbackViewed = (sampleNumber: number, when = NOW): ExamEvent => ({
  type: 'SampleFeedbackViewed',
  data: { examId: EXAM_ID, sampleNumber, viewedAt: when },
});
const examReleased = (when = NOW, { early = false, attempt = 1 } = {}): ExamEvent => ({
  type: 'ExamReleased',
  data: { examId: EXAM_ID, attempt, early, releasedAt: when },
});
const examStarted = (when = NOW, attempt = 1): ExamEvent => ({
  type: 'ExamStarted',
  data: { examId: EXAM_ID, attempt, startedAt: when },
});
const fileUploaded = (f: ExamFile, when = NOW, attempt = 1): ExamEvent => ({
  type: 'ExamFileUploaded',
  data: { ...f, examId: EXAM_ID, attempt, uploadedAt: when },
});
const fileRemoved = (fileId: string, when = NOW, attempt = 1): ExamEvent => ({
  type: 'ExamFileRemoved',
  data: { examId: EXAM_ID, attempt, fileId, removedAt: when },
});
const VIDEO_URL = 'https://video.example.org/watch/presentation-1';
const videoLinkAdded = (when = NOW, attempt = 1): ExamEvent => ({
  type: 'ExamVideoLinkAdded',
  data: { examId: EXAM_ID, attempt, url: VIDEO_URL, title: 'My presentation', addedAt: when },
});
const examHandedIn = (files: ExamFile[], when = NOW, { videoLinkCount = 0, attempt = 1 } = {}): ExamEvent => ({
  type: 'ExamHandedIn',
  data: {
    examId: EXAM_ID,
    attempt,
    files: files.map(({ fileId, sha256, size }) => ({ fileId, sha256, size })),
    videoLinkCount,
    handedInAt: when,
  },
});
const assessorAssigned = (assessorId = ASSESSOR, when = NOW): ExamEvent => ({
  type: 'AssessorAssigned',
  data: { examId: EXAM_ID, assessorId, assignedAt: when },
});
const nextPartInvited = (when = NOW, attempt = 1): ExamEvent => ({
  type: 'NextPartInvited',
  data: { examId: EXAM_ID, attempt, partTitle: 'Oral defence', note: 'Bring your ledger.', scheduledAt: at(28), invitedAt: when },
});
const ASSESSMENT_FEEDBACK = 'Solid work; the cash-flow statement could be clearer.';
const assessmentPublished = (
  grade: Grade,
  passed: boolean,
  when = NOW,
  { gradingScale = 'numeric' as GradingScale, attempt = 1 } = {},
): ExamEvent => ({
  type: 'AssessmentPublished',
  data: { examId: EXAM_ID, attempt, gradingScale, grade, passed, feedback: ASSESSMENT_FEEDBACK, publishedAt: when },
});
const reopenRequested = (requestId: string, reason: ReopenReason, when = NOW, note = 'The appendix did not upload.'): ExamEvent => ({
  type: 'ExamReopenRequested',
  data: { examId: EXAM_ID, requestId, reason, note, requestedBy: COACH, requestedByRole: 'coach', requestedAt: when },
});
const examReopened = (
  reason: ReopenReason,
  {
    requestId,
    note = 'The appendix did not upload.',
    attempt = 1,
    when = NOW,
  }: { requestId?: string; note?: string; attempt?: number; when?: string } = {},
): ExamEvent => ({
  type: 'ExamReopened',
  data: { examId: EXAM_ID, ...(requestId ? { requestId } : {}), reason, note, attempt, reopenedAt: when },
});
const reopenRequestDeclined = (requestId: string, note = 'The file list was complete.', when = NOW): ExamEvent => ({
  type: 'ExamReopenRequestDeclined',
  data: { examId: EXAM_ID, requestId, note, declinedAt: when },
});
const VERIFICATION_CODE = 'vc-0123456789abcdefABCDEF';
const proofIssued = (when = NOW, attempt = 1, verificationCode: string | null = VERIFICATION_CODE): ExamEvent => ({
  type: 'ProofOfParticipationIssued',
  data: { examId: EXAM_ID, attempt, issuedAt: when, ...(verificationCode ? { verificationCode } : {}) },
});

/** Histories of one exam, each the one before plus a step. */
const history = (() => {
  const registered = [examRegistered(at(1))];
  const readyForRelease = [...registered, xpAwarded(100, 100), sampleStarted(1, at(2)), sampleAssessed(1, 'approved', at(3))];
  const released = [...readyForRelease, examReleased(at(4))];
  const inProgress = [...released, examStarted(at(5))];
  const withEssay = [...inProgress, fileUploaded(essay, at(6))];
  const handedIn = [...withEssay, examHandedIn([essay], at(7))];
  const assigned = [...handedIn, assessorAssigned(ASSESSOR, at(8))];
  const nextPartInvited_ = [...assigned, nextPartInvited(at(9))];
  const failed = [...assigned, assessmentPublished({ numeric: 4.5 }, false, at(10))];
  const passed = [...assigned, assessmentPublished({ numeric: 7.5 }, true, at(10))];
  return {
    registered,
    readyForRelease,
    released,
    inProgress,
    withEssay,
    handedIn,
    assigned,
    nextPartInvited: nextPartInvited_,
    failed,
    passed,
  };
})();

// ---------------------------------------------------------------- commands

const registerExam = (now = NOW): C.RegisterExam => ({
  type: 'RegisterExam',
  examId: EXAM_ID,
  learnerId: LEARNER,
  programId: PROGRAM_ID,
  institutionId: INSTITUTION,
  coachId: COACH,
  now,
});
const awardXp = (amount: number, source = 'assignment-1', now = NOW): C.AwardXp => ({ type: 'AwardXp', amount, source, now });
const assignAssessor = (assessorId = ASSESSOR, now = NOW): C.AssignAssessor => ({ type: 'AssignAssessor', assessorId, now });
const startSample = (now = NOW): C.StartSample => ({ type: 'StartSample', now });
const assessSample = (outcome: SampleOutcome, now = NOW, feedback = SAMPLE_FEEDBACK): C.AssessSample => ({
  type: 'AssessSample',
  outcome,
  feedback,
  now,
});
const viewSampleFeedback = (now = NOW): C.ViewSampleFeedback => ({ type: 'ViewSampleFeedback', now });
const releaseExam = (o: Partial<Omit<C.ReleaseExam, 'type'>> = {}): C.ReleaseExam => ({
  type: 'ReleaseExam',
  early: false,
  policy: policy(),
  program: program(),
  now: NOW,
  ...o,
});
const startExam = (o: { accessActive?: boolean; now?: string } = {}): C.StartExam => ({
  type: 'StartExam',
  accessActive: true,
  now: NOW,
  ...o,
});
const uploadFile = (f: ExamFile, o: { accessActive?: boolean; program?: Program; now?: string } = {}): C.UploadExamFile => ({
  type: 'UploadExamFile',
  file: f,
  accessActive: true,
  program: program(),
  now: NOW,
  ...o,
});
const removeFile = (fileId: string, now = NOW, accessActive = true): C.RemoveExamFile => ({
  type: 'RemoveExamFile',
  fileId,
  now,
  accessActive,
});
const addVideoLink = (o: { accessActive?: boolean; now?: string } = {}): C.AddVideoLink => ({
  type: 'AddVideoLink',
  url: VIDEO_URL,
  title: 'My presentation',
  accessActive: true,
  now: NOW,
  ...o,
});
/** Hand in; `verified` are the files whose stored bytes were re-read and matched their sha256. */
const handIn = (verified: ExamFile[], o: { accessActive?: boolean; now?: string } = {}): C.HandInExam => ({
  type: 'HandInExam',
  verifiedFileIds: verified.map((f) => f.fileId),
  accessActive: true,
  now: NOW,
  ...o,
});
const inviteToNextPart = (o: { program?: Program; now?: string } = {}): C.InviteToNextPart => ({
  type: 'InviteToNextPart',
  partTitle: 'Oral defence',
  note: 'Bring your ledger.',
  scheduledAt: at(28),
  program: program(),
  now: NOW,
  ...o,
});
const publishAssessment = (grade: Grade, p = policy(), now = NOW): C.PublishAssessment => ({
  type: 'PublishAssessment',
  grade,
  feedback: ASSESSMENT_FEEDBACK,
  policy: p,
  now,
});
const requestReopen = (
  requestId: string,
  reason: ReopenReason,
  o: { policy?: InstitutionPolicy; note?: string; now?: string } = {},
): C.RequestReopen => ({
  type: 'RequestReopen',
  requestId,
  reason,
  requestedBy: { id: COACH, role: 'coach' },
  note: 'The appendix did not upload.',
  policy: policy(),
  now: NOW,
  ...o,
});
const approveReopenRequest = (requestId: string, p = policy(), now = NOW): C.ReopenExam => ({
  type: 'ReopenExam',
  requestId,
  policy: p,
  now,
});
const reopenOnOwnInitiative = (reason: ReopenReason, note: string, p = policy(), now = NOW): C.ReopenExam => ({
  type: 'ReopenExam',
  reason,
  note,
  policy: p,
  now,
});
const declineReopenRequest = (requestId: string, note = 'The file list was complete.', now = NOW): C.DeclineReopenRequest => ({
  type: 'DeclineReopenRequest',
  requestId,
  note,
  now,
});
const issueProof = (now = NOW): C.IssueProofOfParticipation => ({
  type: 'IssueProofOfParticipation',
  now,
  verificationCode: VERIFICATION_CODE,
});

// ---------------------------------------------------------------- the rules

describe('the full lifecycle of an exam', () => {
  it('goes from registration through a rejected and an approved sample to a pass and a proof of participation', () => {
    const events: ExamEvent[] = [];
    const step = (command: C.ExamCommand, expected: ExamEvent[], status: RegisteredExam['status']) => {
      examSpec.given(events).when(command).then(expected);
      events.push(...expected);
      expect(examSpec.stateAfter(events)).toMatchObject({ status });
    };

    step(registerExam(at(1)), [examRegistered(at(1))], 'LOCKED');
    step(awardXp(60, 'assignment-1'), [xpAwarded(60, 60, 'assignment-1')], 'LOCKED');
    step(awardXp(40, 'assignment-2'), [xpAwarded(40, 100, 'assignment-2')], 'LOCKED');
    step(startSample(at(2)), [sampleStarted(1, at(2))], 'SAMPLE_IN_REVIEW');
    step(assessSample('rejected', at(3)), [sampleAssessed(1, 'rejected', at(3))], 'SAMPLE_REJECTED');
    step(startSample(at(4)), [sampleStarted(2, at(4))], 'SAMPLE_IN_REVIEW');
    step(assessSample('approved', at(5), []), [sampleAssessed(2, 'approved', at(5), [])], 'LOCKED');
    step(releaseExam({ now: at(6) }), [examReleased(at(6))], 'RELEASED');
    step(viewSampleFeedback(at(7)), [sampleFeedbackViewed(2, at(7))], 'RELEASED');
    step(startExam({ now: at(8) }), [examStarted(at(8))], 'IN_PROGRESS');
    step(uploadFile(essay, { now: at(9) }), [fileUploaded(essay, at(9))], 'IN_PROGRESS');
    step(addVideoLink({ now: at(10) }), [videoLinkAdded(at(10))], 'IN_PROGRESS');
    step(handIn([essay], { now: at(11) }), [examHandedIn([essay], at(11), { videoLinkCount: 1 })], 'HANDED_IN');
    step(assignAssessor(ASSESSOR, at(12)), [assessorAssigned(ASSESSOR, at(12))], 'HANDED_IN');
    step(inviteToNextPart({ now: at(13) }), [nextPartInvited(at(13))], 'NEXT_PART_INVITED');
    step(publishAssessment({ numeric: 8 }, policy(), at(14)), [assessmentPublished({ numeric: 8 }, true, at(14))], 'PASSED');
    step(issueProof(at(15)), [proofIssued(at(15))], 'PASSED');

    expect(examSpec.stateAfter(events)).toEqual({
      registered: true,
      examId: EXAM_ID,
      learnerId: LEARNER,
      programId: PROGRAM_ID,
      institutionId: INSTITUTION,
      coachId: COACH,
      assessorId: ASSESSOR,
      status: 'PASSED',
      attempt: 1,
      xp: 100,
      released: true,
      sample: { number: 2, outcome: 'approved', feedback: [], feedbackViewed: true },
      files: [{ ...essay, uploadedAt: at(9) }],
      videoLinks: [{ url: VIDEO_URL, title: 'My presentation' }],
      handedInAt: at(11),
      nextPart: { partTitle: 'Oral defence', note: 'Bring your ledger.', scheduledAt: at(28) },
      assessment: { gradingScale: 'numeric', grade: { numeric: 8 }, passed: true, feedback: ASSESSMENT_FEEDBACK, publishedAt: at(14) },
      proofOfParticipationIssuedAt: at(15),
      proofVerificationCode: VERIFICATION_CODE,
      reopenRequests: [],
    });
  });
});

describe('registering an exam (the admin enrolls the learner)', () => {
  it('registers the exam LOCKED, in attempt 1, with no XP yet', () => {
    examSpec.given([]).when(registerExam()).then([examRegistered()]);
    examSpec.given([]).when(registerExam()).thenState({ status: 'LOCKED', attempt: 1, xp: 0, coachId: COACH, released: false });
  });

  it('refuses to register the same exam twice', () => {
    examSpec.given(history.registered).when(registerExam()).thenThrows('EXAM_ALREADY_REGISTERED');
  });

  it.each<[string, C.ExamCommand]>([
    ['award XP', awardXp(10)],
    ['start a sample', startSample()],
    ['start the exam', startExam()],
    ['publish an assessment', publishAssessment({ numeric: 7 })],
    ['reopen', reopenOnOwnInitiative('missing_file', 'note')],
  ])('knows no exam that was never registered (%s)', (_, command) => {
    examSpec.given([]).when(command).thenThrows('NOT_FOUND');
  });
});

describe('earning XP', () => {
  it('keeps a running total of XP as assignments are completed', () => {
    examSpec
      .given([...history.registered, xpAwarded(40, 40)])
      .when(awardXp(25, 'assignment-2'))
      .then([xpAwarded(25, 65, 'assignment-2')]);
    examSpec
      .given([...history.registered, xpAwarded(40, 40)])
      .when(awardXp(25))
      .thenState({ xp: 65 });
  });

  it('keeps the total within a 32-bit integer (what GraphQL reads it as)', () => {
    examSpec
      .given([...history.registered, xpAwarded(2_147_483_000, 2_147_483_000)])
      .when(awardXp(647))
      .then([xpAwarded(647, 2_147_483_647, 'assignment-1')]);
    examSpec
      .given([...history.registered, xpAwarded(2_147_483_000, 2_147_483_000)])
      .when(awardXp(648))
      .thenThrows('VALIDATION_FAILED', /may not exceed 2147483647/);
  });
});

describe('the sample (the coach reviews it)', () => {
  it('the coach starts sample 1, which puts the exam in review', () => {
    examSpec
      .given(history.registered)
      .when(startSample())
      .then([sampleStarted(1)]);
    examSpec
      .given(history.registered)
      .when(startSample())
      .thenState({ status: 'SAMPLE_IN_REVIEW', sample: { number: 1, feedback: [], feedbackViewed: false } });
  });

  it('refuses a second sample while one is in review', () => {
    examSpec
      .given([...history.registered, sampleStarted(1)])
      .when(startSample())
      .thenThrows('SAMPLE_ALREADY_IN_REVIEW');
  });

  it('an approved sample leaves the exam ready to be released', () => {
    examSpec
      .given([...history.registered, sampleStarted(1)])
      .when(assessSample('approved'))
      .then([sampleAssessed(1, 'approved')]);
    examSpec
      .given([...history.registered, sampleStarted(1)])
      .when(assessSample('approved'))
      .thenState({ status: 'LOCKED', sample: { number: 1, outcome: 'approved' } });
  });

  it('a rejected sample rejects the exam application and keeps the feedback per assignment', () => {
    examSpec
      .given([...history.registered, sampleStarted(1)])
      .when(assessSample('rejected'))
      .then([sampleAssessed(1, 'rejected')]);
    examSpec
      .given([...history.registered, sampleStarted(1)])
      .when(assessSample('rejected'))
      .thenState({ status: 'SAMPLE_REJECTED', sample: { number: 1, outcome: 'rejected', feedback: SAMPLE_FEEDBACK } });
  });

  it('after a rejection the coach starts a new sample, and there is no limit on samples', () => {
    const threeRejected = [
      ...history.registered,
      sampleStarted(1, at(2)),
      sampleAssessed(1, 'rejected', at(3)),
      sampleStarted(2, at(4)),
      sampleAssessed(2, 'rejected', at(5)),
      sampleStarted(3, at(6)),
      sampleAssessed(3, 'rejected', at(7)),
    ];
    examSpec
      .given(threeRejected)
      .when(startSample())
      .then([sampleStarted(4)]);
  });

  it('refuses to assess when no sample is in review', () => {
    examSpec.given(history.registered).when(assessSample('approved')).thenThrows('SAMPLE_NOT_IN_REVIEW');
    examSpec.given(history.readyForRelease).when(assessSample('rejected')).thenThrows('SAMPLE_NOT_IN_REVIEW');
  });

  it('needs no sample once the exam is released', () => {
    examSpec.given(history.released).when(startSample()).thenThrows('EXAM_ALREADY_RELEASED');
  });
});

describe('checking the sample feedback (the learner)', () => {
  const rejected = [...history.registered, sampleStarted(1, at(2)), sampleAssessed(1, 'rejected', at(3))];

  it('records that the learner viewed the feedback of the latest sample', () => {
    examSpec
      .given(rejected)
      .when(viewSampleFeedback())
      .then([sampleFeedbackViewed(1)]);
    examSpec
      .given(rejected)
      .when(viewSampleFeedback())
      .thenState({ sample: { number: 1, feedbackViewed: true } });
  });

  it('records it once per sample', () => {
    examSpec
      .given([...rejected, sampleFeedbackViewed(1, at(4))])
      .when(viewSampleFeedback())
      .thenNothingHappened();
  });

  it('a new sample has its own feedback to view', () => {
    examSpec
      .given([...rejected, sampleFeedbackViewed(1, at(4)), sampleStarted(2, at(5)), sampleAssessed(2, 'approved', at(6))])
      .when(viewSampleFeedback())
      .then([sampleFeedbackViewed(2)]);
  });

  it('refuses when there is no assessed sample to view', () => {
    examSpec.given(history.registered).when(viewSampleFeedback()).thenThrows('NO_SAMPLE_FEEDBACK');
    examSpec
      .given([...history.registered, sampleStarted(1)])
      .when(viewSampleFeedback())
      .thenThrows('NO_SAMPLE_FEEDBACK');
  });

  it('is not required before starting the exam', () => {
    examSpec.given(history.released).when(startExam()).then([examStarted()]);
  });
});

describe('releasing the exam (the coach)', () => {
  it('releases when the latest sample is approved and the learner has the XP the program requires', () => {
    examSpec.given(history.readyForRelease).when(releaseExam()).then([examReleased()]);
    examSpec.given(history.readyForRelease).when(releaseExam()).thenState({ status: 'RELEASED', released: true });
  });

  it('XP exactly equal to xpRequired is enough; one XP less is not', () => {
    const approvedWith = (xp: number) => [...history.registered, xpAwarded(xp, xp), sampleStarted(1), sampleAssessed(1, 'approved')];
    examSpec
      .given(approvedWith(100))
      .when(releaseExam({ program: program({ xpRequired: 100 }) }))
      .then([examReleased()]);
    examSpec
      .given(approvedWith(99))
      .when(releaseExam({ program: program({ xpRequired: 100 }) }))
      .thenThrows('XP_INSUFFICIENT');
  });

  it('refuses without an approved sample', () => {
    const withXp = [...history.registered, xpAwarded(100, 100)];
    examSpec.given(withXp).when(releaseExam()).thenThrows('SAMPLE_NOT_APPROVED');
    examSpec
      .given([...withXp, sampleStarted(1)])
      .when(releaseExam())
      .thenThrows('SAMPLE_NOT_APPROVED');
    examSpec
      .given([...withXp, sampleStarted(1), sampleAssessed(1, 'rejected')])
      .when(releaseExam())
      .thenThrows('SAMPLE_NOT_APPROVED');
  });

  it('only the latest sample counts: an approved sample followed by a new one in review or rejected is not enough', () => {
    examSpec
      .given([...history.readyForRelease, sampleStarted(2)])
      .when(releaseExam())
      .thenThrows('SAMPLE_NOT_APPROVED');
    examSpec
      .given([...history.readyForRelease, sampleStarted(2), sampleAssessed(2, 'rejected')])
      .when(releaseExam())
      .thenThrows('SAMPLE_NOT_APPROVED');
  });

  it('a new sample approved after a rejection releases the exam', () => {
    examSpec
      .given([
        ...history.registered,
        xpAwarded(100, 100),
        sampleStarted(1),
        sampleAssessed(1, 'rejected'),
        sampleStarted(2),
        sampleAssessed(2, 'approved'),
      ])
      .when(releaseExam())
      .then([examReleased()]);
  });

  it('refuses to release twice', () => {
    examSpec.given(history.released).when(releaseExam()).thenThrows('EXAM_ALREADY_RELEASED');
  });

  describe('early release', () => {
    it('skips both the sample and the XP requirement where the institution allows it', () => {
      examSpec
        .given(history.registered)
        .when(releaseExam({ early: true, policy: policy({ earlyReleaseAllowed: true }) }))
        .then([examReleased(NOW, { early: true })]);
      examSpec
        .given([...history.registered, sampleStarted(1), sampleAssessed(1, 'rejected')])
        .when(releaseExam({ early: true, policy: policy({ earlyReleaseAllowed: true }) }))
        .thenState({ status: 'RELEASED', released: true, xp: 0 });
    });

    it('is refused where the institution does not allow it', () => {
      examSpec
        .given(history.registered)
        .when(releaseExam({ early: true, policy: policy({ earlyReleaseAllowed: false }) }))
        .thenThrows('EARLY_RELEASE_NOT_ALLOWED');
    });

    it('a normal release still needs the sample and the XP where early release is allowed', () => {
      examSpec
        .given(history.registered)
        .when(releaseExam({ early: false, policy: policy({ earlyReleaseAllowed: true }) }))
        .thenThrows('SAMPLE_NOT_APPROVED');
    });
  });
});

describe('starting the exam (the learner)', () => {
  it('starts a released exam, which is then in progress', () => {
    examSpec.given(history.released).when(startExam()).then([examStarted()]);
    examSpec.given(history.released).when(startExam()).thenState({ status: 'IN_PROGRESS' });
  });

  it('refuses before the exam is released', () => {
    examSpec.given(history.registered).when(startExam()).thenThrows('EXAM_NOT_RELEASED');
    examSpec.given(history.readyForRelease).when(startExam()).thenThrows('EXAM_NOT_RELEASED');
    examSpec
      .given([...history.registered, sampleStarted(1), sampleAssessed(1, 'rejected')])
      .when(startExam())
      .thenThrows('EXAM_NOT_RELEASED');
  });

  it('refuses to start twice', () => {
    examSpec.given(history.inProgress).when(startExam()).thenThrows('EXAM_ALREADY_STARTED');
    examSpec.given(history.handedIn).when(startExam()).thenThrows('EXAM_ALREADY_STARTED');
  });

  it('needs active access (a subscription or the free trial)', () => {
    examSpec
      .given(history.released)
      .when(startExam({ accessActive: false }))
      .thenThrows('ACCESS_INACTIVE');
  });
});

describe('working on the exam: files and video links (the learner, while in progress)', () => {
  it('uploads a file tied to a component, in the current attempt', () => {
    examSpec
      .given(history.inProgress)
      .when(uploadFile(essay))
      .then([fileUploaded(essay)]);
    examSpec
      .given(history.inProgress)
      .when(uploadFile(essay))
      .thenState({ files: [{ ...essay, uploadedAt: NOW }] });
  });

  it('uploads a file tied to no component', () => {
    const loose = file({ componentId: undefined });
    delete loose.componentId;
    examSpec
      .given(history.inProgress)
      .when(uploadFile(loose))
      .then([fileUploaded(loose)]);
  });

  it('refuses a component that is not part of the program', () => {
    examSpec
      .given(history.inProgress)
      .when(uploadFile(file({ componentId: 'no-such-component' })))
      .thenThrows('VALIDATION_FAILED', /no-such-component/);
  });

  it('refuses uploads before the exam is started, before release, and after hand-in (files are frozen)', () => {
    examSpec.given(history.released).when(uploadFile(essay)).thenThrows('EXAM_NOT_IN_PROGRESS');
    examSpec.given(history.registered).when(uploadFile(essay)).thenThrows('EXAM_NOT_RELEASED');
    examSpec.given(history.handedIn).when(uploadFile(appendix)).thenThrows('EXAM_NOT_IN_PROGRESS');
  });

  it('refuses uploads without active access', () => {
    examSpec
      .given(history.inProgress)
      .when(uploadFile(essay, { accessActive: false }))
      .thenThrows('ACCESS_INACTIVE');
  });

  it('an upload delivered twice (same fileId) is recorded once', () => {
    examSpec.given(history.withEssay).when(uploadFile(essay)).thenNothingHappened();
  });

  describe('a video is at most 100 MB', () => {
    it('accepts a video of exactly 104,857,600 bytes', () => {
      expect(MAX_VIDEO_BYTES).toBe(104_857_600);
      examSpec
        .given(history.inProgress)
        .when(uploadFile(video(104_857_600)))
        .then([fileUploaded(video(104_857_600))]);
    });

    it('refuses a video of 104,857,601 bytes', () => {
      examSpec
        .given(history.inProgress)
        .when(uploadFile(video(104_857_601)))
        .thenThrows('FILE_TOO_LARGE');
    });

    it('recognises a video whatever the case of its media type', () => {
      examSpec
        .given(history.inProgress)
        .when(uploadFile(video(200_000_000, 'VIDEO/QuickTime')))
        .thenThrows('FILE_TOO_LARGE');
    });

    it('does not limit files that are not videos', () => {
      const bigScan = file({ fileId: 'file-scan', name: 'scan.pdf', size: 500_000_000 });
      examSpec
        .given(history.inProgress)
        .when(uploadFile(bigScan))
        .then([fileUploaded(bigScan)]);
    });

    it('a learner whose video is too large adds a link to where it is hosted instead', () => {
      examSpec.given(history.inProgress).when(addVideoLink()).then([videoLinkAdded()]);
      examSpec
        .given(history.inProgress)
        .when(addVideoLink())
        .thenState({ videoLinks: [{ url: VIDEO_URL, title: 'My presentation' }] });
    });
  });

  it('refuses video links when not in progress or without access', () => {
    examSpec.given(history.released).when(addVideoLink()).thenThrows('EXAM_NOT_IN_PROGRESS');
    examSpec.given(history.handedIn).when(addVideoLink()).thenThrows('EXAM_NOT_IN_PROGRESS');
    examSpec
      .given(history.inProgress)
      .when(addVideoLink({ accessActive: false }))
      .thenThrows('ACCESS_INACTIVE');
  });

  it('removes a file of the current attempt', () => {
    examSpec
      .given([...history.withEssay, fileUploaded(appendix)])
      .when(removeFile(essay.fileId))
      .then([fileRemoved(essay.fileId)]);
    examSpec
      .given([...history.withEssay, fileUploaded(appendix, at(6))])
      .when(removeFile(essay.fileId))
      .thenState({ files: [{ ...appendix, uploadedAt: at(6) }] });
  });

  it('refuses to remove a file that is not there, or once handed in', () => {
    examSpec.given(history.withEssay).when(removeFile('file-unknown')).thenThrows('NOT_FOUND');
    examSpec
      .given([...history.withEssay, fileRemoved(essay.fileId)])
      .when(removeFile(essay.fileId))
      .thenThrows('NOT_FOUND');
    examSpec.given(history.handedIn).when(removeFile(essay.fileId)).thenThrows('EXAM_NOT_IN_PROGRESS');
  });

  it('refuses to remove a file without active access: nothing is deleted while access is inactive', () => {
    examSpec
      .given(history.withEssay)
      .when(removeFile(essay.fileId, NOW, false))
      .thenThrows('ACCESS_INACTIVE');
  });
});

describe('handing in definitively (the learner)', () => {
  it('hands in the files of the attempt, each with its checked sha256', () => {
    examSpec
      .given([...history.withEssay, fileUploaded(appendix)])
      .when(handIn([essay, appendix]))
      .then([examHandedIn([essay, appendix])]);
    examSpec
      .given(history.withEssay)
      .when(handIn([essay]))
      .thenState({ status: 'HANDED_IN', handedInAt: NOW });
  });

  it('a video link alone is enough', () => {
    examSpec
      .given([...history.inProgress, videoLinkAdded()])
      .when(handIn([]))
      .then([examHandedIn([], NOW, { videoLinkCount: 1 })]);
  });

  it('refuses a hand-in without any file or link', () => {
    examSpec.given(history.inProgress).when(handIn([])).thenThrows('NO_FILES');
    examSpec
      .given([...history.withEssay, fileRemoved(essay.fileId)])
      .when(handIn([]))
      .thenThrows('NO_FILES');
  });

  it('never accepts a hand-in that names a file that did not land whole', () => {
    examSpec
      .given([...history.withEssay, fileUploaded(appendix)])
      .when(handIn([essay]))
      .thenThrows('FILE_NOT_STORED', /appendix\.xlsx/);
  });

  it('needs active access', () => {
    examSpec
      .given(history.withEssay)
      .when(handIn([essay], { accessActive: false }))
      .thenThrows('ACCESS_INACTIVE');
  });

  it('only while in progress', () => {
    examSpec.given(history.released).when(handIn([])).thenThrows('EXAM_NOT_IN_PROGRESS');
    examSpec.given(history.registered).when(handIn([])).thenThrows('EXAM_NOT_RELEASED');
  });

  it('exactly once per attempt: a second hand-in is refused, also one arriving at the same moment', () => {
    examSpec
      .given(history.handedIn)
      .when(handIn([essay], { now: at(7) }))
      .thenThrows('ALREADY_HANDED_IN');
    examSpec
      .given(history.nextPartInvited)
      .when(handIn([essay]))
      .thenThrows('ALREADY_HANDED_IN');
    examSpec
      .given(history.failed)
      .when(handIn([essay]))
      .thenThrows('ALREADY_HANDED_IN');
    examSpec
      .given(history.passed)
      .when(handIn([essay]))
      .thenThrows('ALREADY_HANDED_IN');
  });

  it('has no time limit: the exam stays open until handed in (indicativeMinutes is never enforced)', () => {
    const oneYearLater = '2026-03-05T09:00:00.000Z';
    examSpec
      .given(history.withEssay)
      .when(handIn([essay], { now: oneYearLater }))
      .then([examHandedIn([essay], oneYearLater)]);
  });
});

describe('assigning an assessor (admin or exam board)', () => {
  it('assigns an assessor any time before the assessment, also before hand-in', () => {
    examSpec.given(history.registered).when(assignAssessor()).then([assessorAssigned()]);
    examSpec.given(history.handedIn).when(assignAssessor()).thenState({ assessorId: ASSESSOR });
  });

  it('replaces an assessor before the assessment', () => {
    examSpec.given(history.assigned).when(assignAssessor('assessor-2')).thenState({ assessorId: 'assessor-2' });
  });

  it('refuses once the assessment is published', () => {
    examSpec.given(history.failed).when(assignAssessor('assessor-2')).thenThrows('ALREADY_ASSESSED');
    examSpec.given(history.passed).when(assignAssessor('assessor-2')).thenThrows('ALREADY_ASSESSED');
  });
});

describe('inviting to a next part (the assessor)', () => {
  it('invites a handed-in exam to the next part of a program that has one', () => {
    examSpec.given(history.assigned).when(inviteToNextPart()).then([nextPartInvited()]);
    examSpec
      .given(history.assigned)
      .when(inviteToNextPart())
      .thenState({ status: 'NEXT_PART_INVITED', nextPart: { partTitle: 'Oral defence', note: 'Bring your ledger.', scheduledAt: at(28) } });
  });

  it('refuses where the program has no next part', () => {
    examSpec
      .given(history.assigned)
      .when(inviteToNextPart({ program: program({ hasNextPart: false }) }))
      .thenThrows('NEXT_PART_NOT_AVAILABLE');
  });

  it('refuses before hand-in', () => {
    examSpec.given(history.inProgress).when(inviteToNextPart()).thenThrows('NOT_HANDED_IN');
  });

  it('refuses a second invitation', () => {
    examSpec.given(history.nextPartInvited).when(inviteToNextPart()).thenThrows('NEXT_PART_ALREADY_INVITED');
  });

  it('refuses after the assessment', () => {
    examSpec.given(history.failed).when(inviteToNextPart()).thenThrows('ALREADY_ASSESSED');
  });
});

describe('publishing the assessment (the assessor)', () => {
  describe('passed is derived from the policy: numeric grade >= passMark (default 5.5)', () => {
    it.each([
      [5.5, true],
      [5.4, false],
      [5.49, false],
      [10, true],
      [1, false],
    ])('grade %p with the default pass mark → passed %p', (numeric, passed) => {
      const noPassMark = policy({ passMark: undefined });
      examSpec
        .given(history.assigned)
        .when(publishAssessment({ numeric }, noPassMark))
        .then([assessmentPublished({ numeric }, passed)]);
      examSpec
        .given(history.assigned)
        .when(publishAssessment({ numeric }, noPassMark))
        .thenState({ status: passed ? 'PASSED' : 'FAILED', assessment: { passed, grade: { numeric } } });
    });

    it.each([
      [6.0, true],
      [5.9, false],
      [5.5, false],
    ])('grade %p with a custom pass mark of 6.0 → passed %p', (numeric, passed) => {
      examSpec
        .given(history.assigned)
        .when(publishAssessment({ numeric }, policy({ passMark: 6.0 })))
        .then([assessmentPublished({ numeric }, passed)]);
    });
  });

  it.each([
    ['GOOD', true],
    ['SATISFACTORY', true],
    ['UNSATISFACTORY', false],
  ] as const)('on the rating scale %s → passed %p', (rating, passed) => {
    examSpec
      .given(history.assigned)
      .when(publishAssessment({ rating }, ratingPolicy()))
      .then([assessmentPublished({ rating }, passed, NOW, { gradingScale: 'rating' })]);
  });

  it('refuses a grade on the other scale', () => {
    examSpec
      .given(history.assigned)
      .when(publishAssessment({ rating: 'GOOD' }, policy()))
      .thenThrows('GRADE_SCALE_MISMATCH');
    examSpec
      .given(history.assigned)
      .when(publishAssessment({ numeric: 8 }, ratingPolicy()))
      .thenThrows('GRADE_SCALE_MISMATCH');
    examSpec
      .given(history.assigned)
      .when(publishAssessment({ numeric: 8, rating: 'GOOD' }, policy()))
      .thenThrows('GRADE_SCALE_MISMATCH');
  });

  it('refuses a numeric grade outside 1.0–10.0', () => {
    examSpec
      .given(history.assigned)
      .when(publishAssessment({ numeric: 10.5 }))
      .thenThrows('VALIDATION_FAILED');
    examSpec
      .given(history.assigned)
      .when(publishAssessment({ numeric: 0.5 }))
      .thenThrows('VALIDATION_FAILED');
  });

  it('assesses after a next-part invitation', () => {
    examSpec
      .given(history.nextPartInvited)
      .when(publishAssessment({ numeric: 7.5 }))
      .thenState({ status: 'PASSED', assessment: { passed: true } });
  });

  it('only after hand-in', () => {
    examSpec
      .given(history.inProgress)
      .when(publishAssessment({ numeric: 7 }))
      .thenThrows('NOT_HANDED_IN');
    examSpec
      .given(history.released)
      .when(publishAssessment({ numeric: 7 }))
      .thenThrows('NOT_HANDED_IN');
  });

  it('once per attempt', () => {
    examSpec
      .given(history.failed)
      .when(publishAssessment({ numeric: 7 }))
      .thenThrows('ALREADY_ASSESSED');
    examSpec
      .given(history.passed)
      .when(publishAssessment({ numeric: 3 }))
      .thenThrows('ALREADY_ASSESSED');
  });
});

describe('the proof of participation (the coach): no certificate without the exam', () => {
  it('is issued for a passed exam', () => {
    examSpec.given(history.passed).when(issueProof()).then([proofIssued()]);
    examSpec
      .given(history.passed)
      .when(issueProof())
      .thenState({ proofOfParticipationIssuedAt: NOW, proofVerificationCode: VERIFICATION_CODE });
  });

  it('of an older history, recorded before proofs had codes, still folds: issued, without a code', () => {
    examSpec
      .given([...history.passed, proofIssued(at(11), 1, null)])
      .when(issueProof())
      .thenNothingHappened();
    expect(examSpec.stateAfter([...history.passed, proofIssued(at(11), 1, null)])).toMatchObject({
      proofOfParticipationIssuedAt: at(11),
      proofVerificationCode: undefined,
    });
  });

  it('issuing it again records nothing', () => {
    examSpec
      .given([...history.passed, proofIssued(at(11))])
      .when(issueProof())
      .thenNothingHappened();
  });

  it('is never issued without a pass', () => {
    examSpec.given(history.failed).when(issueProof()).thenThrows('NOT_PASSED');
    examSpec.given(history.handedIn).when(issueProof()).thenThrows('NOT_PASSED');
    examSpec.given(history.registered).when(issueProof()).thenThrows('NOT_PASSED');
  });
});

describe('reopening for a missing file', () => {
  const requested = [...history.handedIn, reopenRequested('req-1', 'missing_file', at(8))];
  const reopened = [...requested, examReopened('missing_file', { requestId: 'req-1', when: at(9) })];

  it('is requested after hand-in and before the assessment', () => {
    examSpec
      .given(history.handedIn)
      .when(requestReopen('req-1', 'missing_file'))
      .then([reopenRequested('req-1', 'missing_file')]);
    examSpec
      .given(history.handedIn)
      .when(requestReopen('req-1', 'missing_file'))
      .thenState({
        status: 'HANDED_IN',
        reopenRequests: [
          {
            requestId: 'req-1',
            reason: 'missing_file',
            note: 'The appendix did not upload.',
            status: 'open',
            requestedBy: COACH,
            requestedByRole: 'coach',
            createdAt: NOW,
          },
        ],
      });
    examSpec
      .given(history.nextPartInvited)
      .when(requestReopen('req-1', 'missing_file'))
      .then([reopenRequested('req-1', 'missing_file')]);
  });

  it('is refused before hand-in and after the assessment', () => {
    examSpec.given(history.inProgress).when(requestReopen('req-1', 'missing_file')).thenThrows('REOPEN_NOT_ALLOWED');
    examSpec.given(history.registered).when(requestReopen('req-1', 'missing_file')).thenThrows('REOPEN_NOT_ALLOWED');
    examSpec.given(history.failed).when(requestReopen('req-1', 'missing_file')).thenThrows('REOPEN_NOT_ALLOWED');
  });

  it('an admin approves it: back to IN_PROGRESS in the same attempt, the earlier files kept', () => {
    examSpec
      .given(requested)
      .when(approveReopenRequest('req-1'))
      .then([examReopened('missing_file', { requestId: 'req-1' })]);
    examSpec
      .given(requested)
      .when(approveReopenRequest('req-1'))
      .thenState((state) => {
        expect(state).toMatchObject({
          status: 'IN_PROGRESS',
          attempt: 1,
          files: [{ ...essay, uploadedAt: at(6) }],
          reopenRequests: [{ requestId: 'req-1', status: 'approved' }],
        });
        expect(state.registered && state.handedInAt).toBeUndefined();
      });
  });

  it('the learner adds the missing file and hands in again', () => {
    examSpec
      .given(reopened)
      .when(uploadFile(appendix))
      .then([fileUploaded(appendix)]);
    examSpec
      .given([...reopened, fileUploaded(appendix, at(10))])
      .when(handIn([essay, appendix]))
      .then([examHandedIn([essay, appendix])]);
  });

  it('also reopens after a next-part invitation, which is then withdrawn', () => {
    examSpec
      .given([...history.nextPartInvited, reopenRequested('req-1', 'missing_file')])
      .when(approveReopenRequest('req-1'))
      .thenState({ status: 'IN_PROGRESS', nextPart: undefined });
  });

  it('is re-checked when approved: refused once the assessment was published meanwhile', () => {
    examSpec
      .given([...requested, assessorAssigned(), assessmentPublished({ numeric: 4 }, false, at(9))])
      .when(approveReopenRequest('req-1'))
      .thenThrows('REOPEN_NOT_ALLOWED');
    examSpec
      .given([...requested, assessorAssigned(), assessmentPublished({ numeric: 8 }, true, at(9))])
      .when(approveReopenRequest('req-1'))
      .thenThrows('ALREADY_PASSED');
  });
});

describe('a resit after a failed assessment', () => {
  const requested = [...history.failed, reopenRequested('req-2', 'resit', at(11), 'Second chance')];
  const resit = [...requested, examReopened('resit', { requestId: 'req-2', note: 'Second chance', attempt: 2, when: at(12) })];

  it('is requested after a FAILED assessment where the institution allows resits', () => {
    examSpec
      .given(history.failed)
      .when(requestReopen('req-2', 'resit', { note: 'Second chance' }))
      .then([reopenRequested('req-2', 'resit', NOW, 'Second chance')]);
  });

  it('is refused where the institution does not allow resits', () => {
    examSpec
      .given(history.failed)
      .when(requestReopen('req-2', 'resit', { policy: policy({ resitsAllowed: false }) }))
      .thenThrows('RESIT_NOT_ALLOWED');
  });

  it('is refused unless the exam failed', () => {
    examSpec.given(history.handedIn).when(requestReopen('req-2', 'resit')).thenThrows('REOPEN_NOT_ALLOWED');
    examSpec.given(history.inProgress).when(requestReopen('req-2', 'resit')).thenThrows('REOPEN_NOT_ALLOWED');
  });

  it('approved, it starts a new attempt in RELEASED with no files; the earlier attempt stays in the history', () => {
    examSpec
      .given(requested)
      .when(approveReopenRequest('req-2'))
      .then([examReopened('resit', { requestId: 'req-2', note: 'Second chance', attempt: 2 })]);
    examSpec
      .given(requested)
      .when(approveReopenRequest('req-2'))
      .thenState((state) => {
        expect(state).toMatchObject({ status: 'RELEASED', attempt: 2, files: [], videoLinks: [], released: true });
        expect(state.registered && state.assessment).toBeUndefined();
        expect(state.registered && state.handedInAt).toBeUndefined();
      });
  });

  it('is re-checked when approved: refused when the policy no longer allows resits', () => {
    examSpec
      .given(requested)
      .when(approveReopenRequest('req-2', policy({ resitsAllowed: false })))
      .thenThrows('RESIT_NOT_ALLOWED');
  });

  it('the new attempt runs like the first: start, upload, hand in, assess — all in attempt 2', () => {
    examSpec
      .given(resit)
      .when(startExam())
      .then([examStarted(NOW, 2)]);
    const started = [...resit, examStarted(at(13), 2)];
    examSpec
      .given(started)
      .when(uploadFile(essay))
      .then([fileUploaded(essay, NOW, 2)]);
    const withFile = [...started, fileUploaded(essay, at(14), 2)];
    examSpec
      .given(withFile)
      .when(handIn([essay]))
      .then([examHandedIn([essay], NOW, { attempt: 2 })]);
    const handedIn = [...withFile, examHandedIn([essay], at(15), { attempt: 2 })];
    examSpec
      .given(handedIn)
      .when(assignAssessor('assessor-2'))
      .then([assessorAssigned('assessor-2')]);
    examSpec
      .given(handedIn)
      .when(publishAssessment({ numeric: 6 }))
      .then([assessmentPublished({ numeric: 6 }, true, NOW, { attempt: 2 })]);
  });

  it('a new attempt is released already and needs no new release', () => {
    examSpec.given(resit).when(releaseExam()).thenThrows('EXAM_ALREADY_RELEASED');
  });

  it('another resit needs another failed assessment', () => {
    examSpec.given(resit).when(requestReopen('req-3', 'resit')).thenThrows('REOPEN_NOT_ALLOWED');
  });
});

describe('an admin reopens on their own initiative, with a reason', () => {
  it('for a missing file', () => {
    examSpec
      .given(history.handedIn)
      .when(reopenOnOwnInitiative('missing_file', 'Upload failed on our side'))
      .then([examReopened('missing_file', { note: 'Upload failed on our side' })]);
    examSpec.given(history.handedIn).when(reopenOnOwnInitiative('missing_file', 'x')).thenState({ status: 'IN_PROGRESS', attempt: 1 });
  });

  it('for a resit', () => {
    examSpec
      .given(history.failed)
      .when(reopenOnOwnInitiative('resit', 'Exam board decision'))
      .then([examReopened('resit', { note: 'Exam board decision', attempt: 2 })]);
  });

  it('under the same rules as a request', () => {
    examSpec.given(history.inProgress).when(reopenOnOwnInitiative('missing_file', 'x')).thenThrows('REOPEN_NOT_ALLOWED');
    examSpec.given(history.handedIn).when(reopenOnOwnInitiative('resit', 'x')).thenThrows('REOPEN_NOT_ALLOWED');
    examSpec
      .given(history.failed)
      .when(reopenOnOwnInitiative('resit', 'x', policy({ resitsAllowed: false })))
      .thenThrows('RESIT_NOT_ALLOWED');
  });
});

describe('declining a reopen request (the admin)', () => {
  const requested = [...history.handedIn, reopenRequested('req-1', 'missing_file', at(8))];

  it('declines an open request with a note; the exam stays as it was', () => {
    examSpec
      .given(requested)
      .when(declineReopenRequest('req-1'))
      .then([reopenRequestDeclined('req-1')]);
    examSpec
      .given(requested)
      .when(declineReopenRequest('req-1'))
      .thenState({ status: 'HANDED_IN', reopenRequests: [{ requestId: 'req-1', status: 'declined' }] });
  });

  it('a settled request cannot be decided again', () => {
    const declined = [...requested, reopenRequestDeclined('req-1', 'no', at(9))];
    examSpec.given(declined).when(approveReopenRequest('req-1')).thenThrows('REQUEST_NOT_OPEN');
    examSpec.given(declined).when(declineReopenRequest('req-1')).thenThrows('REQUEST_NOT_OPEN');
    const approved = [...requested, examReopened('missing_file', { requestId: 'req-1', when: at(9) })];
    examSpec.given(approved).when(declineReopenRequest('req-1')).thenThrows('REQUEST_NOT_OPEN');
    examSpec.given(approved).when(approveReopenRequest('req-1')).thenThrows('REQUEST_NOT_OPEN');
  });

  it('an unknown request is not found', () => {
    examSpec.given(requested).when(declineReopenRequest('req-unknown')).thenThrows('NOT_FOUND');
    examSpec.given(requested).when(approveReopenRequest('req-unknown')).thenThrows('NOT_FOUND');
  });
});

describe('never reopened after a pass: a completed program needs no other exam', () => {
  it.each<ReopenReason>(['missing_file', 'resit'])('a %s request on a passed exam is refused', (reason) => {
    examSpec.given(history.passed).when(requestReopen('req-1', reason)).thenThrows('ALREADY_PASSED');
    examSpec.given(history.passed).when(reopenOnOwnInitiative(reason, 'x')).thenThrows('ALREADY_PASSED');
  });
});

describe('without active access, everything already submitted stays stored and visible', () => {
  it('a handed-in exam keeps its files and is assessed; staff commands do not depend on the learner’s access', () => {
    examSpec
      .given(history.assigned)
      .when(publishAssessment({ numeric: 7 }))
      .thenState({ status: 'PASSED', files: [{ ...essay, uploadedAt: at(6) }] });
  });
});
