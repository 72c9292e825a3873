import { Decider, unknownCommand } from '../decider';
import { gradeOutcome, InstitutionPolicy } from '../institution/institution-policy';
import { refuse } from '../rule-violation';
import * as C from './exam-commands';
import { ExamEvent, ReopenReason } from './exam-events';
import { ExamState, evolveExam, initialExamState, RegisteredExam } from './exam-state';

/** DOMAIN.md step 7: a video file is at most 100 MB. */
export const MAX_VIDEO_BYTES = 104_857_600;

const VIDEO_EXTENSIONS = /\.(mp4|m4v|mov|qt|mkv|webm|avi|wmv|flv|mpg|mpeg|mts|m2ts|ts|3gp|3g2|ogv|vob)$/i;

/**
 * DOMAIN.md step 7 limits video files. Browsers often send `application/octet-stream` for videos
 * (.mkv, .mts…), so a file is a video by its declared type OR its file name.
 */
export function isVideo(mediaType: string, name = ''): boolean {
  return mediaType.toLowerCase().startsWith('video/') || VIDEO_EXTENSIONS.test(name.trim());
}

const HANDED_IN_STATUSES = ['HANDED_IN', 'NEXT_PART_INVITED'] as const;
const BEFORE_RELEASE = ['LOCKED', 'SAMPLE_IN_REVIEW', 'SAMPLE_REJECTED'] as const;

function registered(state: ExamState): RegisteredExam {
  if (!state.registered) refuse('NOT_FOUND', 'exam not found');
  return state;
}

function isHandedIn(exam: RegisteredExam): boolean {
  return (HANDED_IN_STATUSES as readonly string[]).includes(exam.status);
}

function requireInProgress(exam: RegisteredExam): void {
  if (exam.status === 'IN_PROGRESS') return;
  if ((BEFORE_RELEASE as readonly string[]).includes(exam.status)) refuse('EXAM_NOT_RELEASED', 'the exam is not released yet');
  refuse('EXAM_NOT_IN_PROGRESS', `the exam is ${exam.status}, not IN_PROGRESS`);
}

function requireAccess(accessActive: boolean): void {
  // DOMAIN.md, "Learner access": no start, upload or hand-in without active access, and nothing deleted.
  if (!accessActive) refuse('ACCESS_INACTIVE', 'your subscription or free trial is not active');
}

/** DOMAIN.md, "Reopening": checked when requested, and again when approved. */
function checkReopenAllowed(exam: RegisteredExam, reason: ReopenReason, policy: InstitutionPolicy): void {
  if (exam.status === 'PASSED') refuse('ALREADY_PASSED', 'a passed exam is never reopened');
  if (reason === 'missing_file') {
    if (!isHandedIn(exam)) refuse('REOPEN_NOT_ALLOWED', 'missing_file applies after hand-in and before the assessment is published');
    return;
  }
  if (exam.status !== 'FAILED') refuse('REOPEN_NOT_ALLOWED', 'a resit applies only after a FAILED assessment');
  if (!policy.resitsAllowed) refuse('RESIT_NOT_ALLOWED', "the institution's policy does not allow resits");
}

function openRequest(exam: RegisteredExam, requestId: string) {
  const request = exam.reopenRequests.find((r) => r.requestId === requestId);
  if (!request) refuse('NOT_FOUND', 'reopen request not found');
  if (request.status !== 'open') refuse('REQUEST_NOT_OPEN', `the reopen request is already ${request.status}`);
  return request;
}

// ---------------------------------------------------------------- one function per command

/** DOMAIN.md: one exam per learner per program enrollment. */
export function registerExam(command: C.RegisterExam, state: ExamState): ExamEvent[] {
  if (state.registered) refuse('EXAM_ALREADY_REGISTERED', 'this exam is already registered');
  const { examId, learnerId, programId, institutionId, coachId, now } = command;
  return [{ type: 'ExamRegistered', data: { examId, learnerId, programId, institutionId, coachId, registeredAt: now } }];
}

/** XP totals stay within a 32-bit signed integer: GraphQL's `Int`, in which every client reads them. */
export const MAX_TOTAL_XP = 2_147_483_647;

export function awardXp(command: C.AwardXp, exam: RegisteredExam): ExamEvent[] {
  const { amount, source } = command;
  if (exam.xp + amount > MAX_TOTAL_XP) refuse('VALIDATION_FAILED', `the exam's XP total may not exceed ${MAX_TOTAL_XP}`, 'amount');
  return [{ type: 'XpAwarded', data: { examId: exam.examId, amount, source, totalXp: exam.xp + amount } }];
}

export function assignAssessor(command: C.AssignAssessor, exam: RegisteredExam): ExamEvent[] {
  if (exam.assessment) refuse('ALREADY_ASSESSED', 'an assessor is assigned before the assessment, not after');
  return [{ type: 'AssessorAssigned', data: { examId: exam.examId, assessorId: command.assessorId, assignedAt: command.now } }];
}

/** DOMAIN.md steps 1–3: a sample before release, one in review at a time. */
export function startSample(command: C.StartSample, exam: RegisteredExam): ExamEvent[] {
  if (exam.released) refuse('EXAM_ALREADY_RELEASED', 'the exam is already released; no sample is needed');
  if (exam.status === 'SAMPLE_IN_REVIEW') refuse('SAMPLE_ALREADY_IN_REVIEW', 'a sample is already in review');
  const sampleNumber = (exam.sample?.number ?? 0) + 1;
  return [{ type: 'SampleStarted', data: { examId: exam.examId, sampleNumber, startedAt: command.now } }];
}

export function assessSample(command: C.AssessSample, exam: RegisteredExam): ExamEvent[] {
  if (exam.status !== 'SAMPLE_IN_REVIEW' || !exam.sample) refuse('SAMPLE_NOT_IN_REVIEW', 'there is no sample in review');
  const { outcome, feedback, now } = command;
  return [{ type: 'SampleAssessed', data: { examId: exam.examId, sampleNumber: exam.sample.number, outcome, feedback, assessedAt: now } }];
}

/** Recorded once per sample. */
export function viewSampleFeedback(command: C.ViewSampleFeedback, exam: RegisteredExam): ExamEvent[] {
  if (!exam.sample?.outcome) refuse('NO_SAMPLE_FEEDBACK', 'there is no assessed sample to view');
  if (exam.sample.feedbackViewed) return [];
  return [{ type: 'SampleFeedbackViewed', data: { examId: exam.examId, sampleNumber: exam.sample.number, viewedAt: command.now } }];
}

/** DOMAIN.md step 4: an approved sample and enough XP, or early release where the policy allows it. */
export function releaseExam(command: C.ReleaseExam, exam: RegisteredExam): ExamEvent[] {
  if (exam.released) refuse('EXAM_ALREADY_RELEASED', 'the exam is already released');
  if (command.early) {
    if (!command.policy.earlyReleaseAllowed) refuse('EARLY_RELEASE_NOT_ALLOWED', "the institution's policy does not allow early release");
  } else {
    if (exam.sample?.outcome !== 'approved') refuse('SAMPLE_NOT_APPROVED', 'the latest sample is not approved');
    const { xpRequired } = command.program;
    if (exam.xp < xpRequired) refuse('XP_INSUFFICIENT', `the exam needs ${xpRequired} XP; the learner has ${exam.xp}`);
  }
  return [{ type: 'ExamReleased', data: { examId: exam.examId, attempt: exam.attempt, early: command.early, releasedAt: command.now } }];
}

export function startExam(command: C.StartExam, exam: RegisteredExam): ExamEvent[] {
  if (exam.status !== 'RELEASED') {
    if (!exam.released) refuse('EXAM_NOT_RELEASED', 'the exam is not released yet');
    refuse('EXAM_ALREADY_STARTED', `the exam is already ${exam.status}`);
  }
  requireAccess(command.accessActive);
  return [{ type: 'ExamStarted', data: { examId: exam.examId, attempt: exam.attempt, startedAt: command.now } }];
}

/** DOMAIN.md step 7. */
export function uploadExamFile(command: C.UploadExamFile, exam: RegisteredExam): ExamEvent[] {
  requireInProgress(exam);
  requireAccess(command.accessActive);
  const { file } = command;
  if (isVideo(file.mediaType, file.name) && file.size > MAX_VIDEO_BYTES) refuse('FILE_TOO_LARGE', 'a video file is at most 100 MB');
  if (file.componentId && !command.program.components.some((c) => c.id === file.componentId)) {
    refuse('VALIDATION_FAILED', `componentId ${file.componentId} is not a component of this exam`, 'componentId');
  }
  if (exam.files.some((f) => f.fileId === file.fileId)) return []; // the same upload, delivered twice
  return [{ type: 'ExamFileUploaded', data: { ...file, examId: exam.examId, attempt: exam.attempt, uploadedAt: command.now } }];
}

export function removeExamFile(command: C.RemoveExamFile, exam: RegisteredExam): ExamEvent[] {
  requireInProgress(exam);
  requireAccess(command.accessActive); // "nothing is deleted" while access is inactive
  const { fileId, now } = command;
  if (!exam.files.some((f) => f.fileId === fileId)) refuse('NOT_FOUND', 'file not found in this attempt');
  return [{ type: 'ExamFileRemoved', data: { examId: exam.examId, attempt: exam.attempt, fileId, removedAt: now } }];
}

export function addVideoLink(command: C.AddVideoLink, exam: RegisteredExam): ExamEvent[] {
  requireInProgress(exam);
  requireAccess(command.accessActive);
  const { url, title, now } = command;
  return [{ type: 'ExamVideoLinkAdded', data: { examId: exam.examId, attempt: exam.attempt, url, title, addedAt: now } }];
}

/** DOMAIN.md step 8: once per attempt, at least one file or link, every file stored whole. */
export function handIn(command: C.HandInExam, exam: RegisteredExam): ExamEvent[] {
  if (isHandedIn(exam) || exam.status === 'PASSED' || exam.status === 'FAILED') {
    refuse('ALREADY_HANDED_IN', 'this attempt is already handed in');
  }
  requireInProgress(exam);
  if (exam.files.length === 0 && exam.videoLinks.length === 0) refuse('NO_FILES', 'hand in at least one file or video link');
  requireAccess(command.accessActive);
  const verified = new Set(command.verifiedFileIds);
  const missing = exam.files.filter((f) => !verified.has(f.fileId));
  if (missing.length > 0) refuse('FILE_NOT_STORED', `not stored whole: ${missing.map((f) => f.name).join(', ')}; upload again`);
  const files = exam.files.map(({ fileId, sha256, size }) => ({ fileId, sha256, size }));
  return [
    {
      type: 'ExamHandedIn',
      data: { examId: exam.examId, attempt: exam.attempt, files, videoLinkCount: exam.videoLinks.length, handedInAt: command.now },
    },
  ];
}

/** DOMAIN.md step 10: instead of (or before) grading, where the program has a next part. */
export function inviteToNextPart(command: C.InviteToNextPart, exam: RegisteredExam): ExamEvent[] {
  if (!command.program.hasNextPart) refuse('NEXT_PART_NOT_AVAILABLE', 'this learning program has no next part');
  if (exam.assessment) refuse('ALREADY_ASSESSED', 'the assessment is already published');
  if (exam.status === 'NEXT_PART_INVITED') refuse('NEXT_PART_ALREADY_INVITED', 'the learner is already invited to the next part');
  if (exam.status !== 'HANDED_IN') refuse('NOT_HANDED_IN', 'the exam is not handed in');
  const { partTitle, note, scheduledAt, now } = command;
  return [{ type: 'NextPartInvited', data: { examId: exam.examId, attempt: exam.attempt, partTitle, note, scheduledAt, invitedAt: now } }];
}

/** DOMAIN.md step 11: on the institution's scale; `passed` follows from its policy. */
export function publishAssessment(command: C.PublishAssessment, exam: RegisteredExam): ExamEvent[] {
  if (exam.assessment) refuse('ALREADY_ASSESSED', 'this attempt is already assessed');
  if (!isHandedIn(exam)) refuse('NOT_HANDED_IN', 'the exam is not handed in');
  const { policy, grade, feedback, now } = command;
  const { passed } = gradeOutcome(policy, grade);
  return [
    {
      type: 'AssessmentPublished',
      data: { examId: exam.examId, attempt: exam.attempt, gradingScale: policy.gradingScale, grade, passed, feedback, publishedAt: now },
    },
  ];
}

export function requestReopen(command: C.RequestReopen, exam: RegisteredExam): ExamEvent[] {
  const { requestId, reason, note, requestedBy, policy, now } = command;
  checkReopenAllowed(exam, reason, policy);
  return [
    {
      type: 'ExamReopenRequested',
      data: {
        examId: exam.examId,
        requestId,
        reason,
        note,
        requestedBy: requestedBy.id,
        requestedByRole: requestedBy.role,
        requestedAt: now,
      },
    },
  ];
}

/** DOMAIN.md "Reopening": approve an open request, or on the admin's own initiative; a resit starts the next attempt. */
export function reopenExam(command: C.ReopenExam, exam: RegisteredExam): ExamEvent[] {
  const { reason, note } = command.requestId !== undefined ? openRequest(exam, command.requestId) : command;
  checkReopenAllowed(exam, reason, command.policy);
  const attempt = reason === 'resit' ? exam.attempt + 1 : exam.attempt;
  const settles = command.requestId !== undefined ? { requestId: command.requestId } : {};
  return [{ type: 'ExamReopened', data: { examId: exam.examId, ...settles, reason, note, attempt, reopenedAt: command.now } }];
}

export function declineReopenRequest(command: C.DeclineReopenRequest, exam: RegisteredExam): ExamEvent[] {
  const { requestId, note, now } = command;
  openRequest(exam, requestId);
  return [{ type: 'ExamReopenRequestDeclined', data: { examId: exam.examId, requestId, note, declinedAt: now } }];
}

/** DOMAIN.md step 12: never without a pass; issued once per attempt. */
export function issueProofOfParticipation(command: C.IssueProofOfParticipation, exam: RegisteredExam): ExamEvent[] {
  if (exam.status !== 'PASSED') refuse('NOT_PASSED', 'a proof of participation needs a passed exam');
  if (exam.proofOfParticipationIssuedAt) return [];
  const { now: issuedAt, verificationCode } = command;
  return [{ type: 'ProofOfParticipationIssued', data: { examId: exam.examId, attempt: exam.attempt, issuedAt, verificationCode } }];
}

/** decide(command, state) → events, or a RuleViolation: dispatches to the command's own function. */
export function decideExam(command: C.ExamCommand, state: ExamState): ExamEvent[] {
  if (command.type === 'RegisterExam') return registerExam(command, state);
  const exam = registered(state);
  switch (command.type) {
    case 'AwardXp':
      return awardXp(command, exam);
    case 'AssignAssessor':
      return assignAssessor(command, exam);
    case 'StartSample':
      return startSample(command, exam);
    case 'AssessSample':
      return assessSample(command, exam);
    case 'ViewSampleFeedback':
      return viewSampleFeedback(command, exam);
    case 'ReleaseExam':
      return releaseExam(command, exam);
    case 'StartExam':
      return startExam(command, exam);
    case 'UploadExamFile':
      return uploadExamFile(command, exam);
    case 'RemoveExamFile':
      return removeExamFile(command, exam);
    case 'AddVideoLink':
      return addVideoLink(command, exam);
    case 'HandInExam':
      return handIn(command, exam);
    case 'InviteToNextPart':
      return inviteToNextPart(command, exam);
    case 'PublishAssessment':
      return publishAssessment(command, exam);
    case 'RequestReopen':
      return requestReopen(command, exam);
    case 'ReopenExam':
      return reopenExam(command, exam);
    case 'DeclineReopenRequest':
      return declineReopenRequest(command, exam);
    case 'IssueProofOfParticipation':
      return issueProofOfParticipation(command, exam);
    default:
      return unknownCommand(command);
  }
}

/** The exam stream (DOMAIN.md "Lifecycle of an exam" and "Reopening"). */
export const examDecider: Decider<ExamState, C.ExamCommand, ExamEvent> = {
  initialState: initialExamState,
  evolve: evolveExam,
  decide: decideExam,
};
