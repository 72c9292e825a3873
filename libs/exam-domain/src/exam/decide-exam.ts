import { gradeOutcome, InstitutionPolicy } from '../institution/institution-policy';
import { refuse } from '../rule-violation';
import * as C from './exam-commands';
import { ExamEvent, ReopenReason } from './exam-events';
import { ExamState, RegisteredExam } from './exam-state';

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

/** decide(command, state) → events, or a RuleViolation. One small rule set per command. */
export function decideExam(command: C.ExamCommand, state: ExamState): ExamEvent[] {
  const { now } = command;
  if (command.type === 'RegisterExam') {
    if (state.registered) refuse('EXAM_ALREADY_REGISTERED', 'this exam is already registered');
    const { examId, learnerId, programId, institutionId, coachId } = command;
    return [{ type: 'ExamRegistered', data: { examId, learnerId, programId, institutionId, coachId, registeredAt: now } }];
  }
  const exam = registered(state);
  const { examId, attempt } = exam;

  switch (command.type) {
    case 'AwardXp':
      return [{ type: 'XpAwarded', data: { examId, amount: command.amount, source: command.source, totalXp: exam.xp + command.amount } }];

    case 'AssignAssessor':
      if (exam.assessment) refuse('ALREADY_ASSESSED', 'an assessor is assigned before the assessment, not after');
      return [{ type: 'AssessorAssigned', data: { examId, assessorId: command.assessorId, assignedAt: now } }];

    case 'StartSample':
      if (exam.released) refuse('EXAM_ALREADY_RELEASED', 'the exam is already released; no sample is needed');
      if (exam.status === 'SAMPLE_IN_REVIEW') refuse('SAMPLE_ALREADY_IN_REVIEW', 'a sample is already in review');
      return [{ type: 'SampleStarted', data: { examId, sampleNumber: (exam.sample?.number ?? 0) + 1, startedAt: now } }];

    case 'AssessSample':
      if (exam.status !== 'SAMPLE_IN_REVIEW' || !exam.sample) refuse('SAMPLE_NOT_IN_REVIEW', 'there is no sample in review');
      return [
        {
          type: 'SampleAssessed',
          data: { examId, sampleNumber: exam.sample.number, outcome: command.outcome, feedback: command.feedback, assessedAt: now },
        },
      ];

    case 'ViewSampleFeedback':
      if (!exam.sample?.outcome) refuse('NO_SAMPLE_FEEDBACK', 'there is no assessed sample to view');
      if (exam.sample.feedbackViewed) return []; // recorded once per sample
      return [{ type: 'SampleFeedbackViewed', data: { examId, sampleNumber: exam.sample.number, viewedAt: now } }];

    case 'ReleaseExam':
      if (exam.released) refuse('EXAM_ALREADY_RELEASED', 'the exam is already released');
      if (command.early) {
        if (!command.policy.earlyReleaseAllowed)
          refuse('EARLY_RELEASE_NOT_ALLOWED', "the institution's policy does not allow early release");
      } else {
        if (exam.sample?.outcome !== 'approved') refuse('SAMPLE_NOT_APPROVED', 'the latest sample is not approved');
        if (exam.xp < command.program.xpRequired) {
          refuse('XP_INSUFFICIENT', `the exam needs ${command.program.xpRequired} XP; the learner has ${exam.xp}`);
        }
      }
      return [{ type: 'ExamReleased', data: { examId, attempt, early: command.early, releasedAt: now } }];

    case 'StartExam':
      if (exam.status !== 'RELEASED') {
        if (!exam.released) refuse('EXAM_NOT_RELEASED', 'the exam is not released yet');
        refuse('EXAM_ALREADY_STARTED', `the exam is already ${exam.status}`);
      }
      requireAccess(command.accessActive);
      return [{ type: 'ExamStarted', data: { examId, attempt, startedAt: now } }];

    case 'UploadExamFile': {
      requireInProgress(exam);
      requireAccess(command.accessActive);
      const { file } = command;
      if (isVideo(file.mediaType, file.name) && file.size > MAX_VIDEO_BYTES) refuse('FILE_TOO_LARGE', 'a video file is at most 100 MB');
      if (file.componentId && !command.program.components.some((c) => c.id === file.componentId)) {
        refuse('VALIDATION_FAILED', `componentId ${file.componentId} is not a component of this exam`, 'componentId');
      }
      if (exam.files.some((f) => f.fileId === file.fileId)) return []; // the same upload, delivered twice
      return [{ type: 'ExamFileUploaded', data: { ...file, examId, attempt, uploadedAt: now } }];
    }

    case 'RemoveExamFile':
      requireInProgress(exam);
      requireAccess(command.accessActive); // "nothing is deleted" while access is inactive
      if (!exam.files.some((f) => f.fileId === command.fileId)) refuse('NOT_FOUND', 'file not found in this attempt');
      return [{ type: 'ExamFileRemoved', data: { examId, attempt, fileId: command.fileId, removedAt: now } }];

    case 'AddVideoLink':
      requireInProgress(exam);
      requireAccess(command.accessActive);
      return [{ type: 'ExamVideoLinkAdded', data: { examId, attempt, url: command.url, title: command.title, addedAt: now } }];

    case 'HandInExam': {
      // DOMAIN.md step 8: once per attempt, at least one file or link, every file stored whole.
      if (isHandedIn(exam) || exam.status === 'PASSED' || exam.status === 'FAILED') {
        refuse('ALREADY_HANDED_IN', 'this attempt is already handed in');
      }
      requireInProgress(exam);
      if (exam.files.length === 0 && exam.videoLinks.length === 0) refuse('NO_FILES', 'hand in at least one file or video link');
      requireAccess(command.accessActive);
      const verified = new Set(command.verifiedFileIds);
      const missing = exam.files.filter((f) => !verified.has(f.fileId));
      if (missing.length > 0) {
        refuse('FILE_NOT_STORED', `not stored whole: ${missing.map((f) => f.name).join(', ')}; upload again`);
      }
      return [
        {
          type: 'ExamHandedIn',
          data: {
            examId,
            attempt,
            files: exam.files.map(({ fileId, sha256, size }) => ({ fileId, sha256, size })),
            videoLinkCount: exam.videoLinks.length,
            handedInAt: now,
          },
        },
      ];
    }

    case 'InviteToNextPart':
      if (!command.program.hasNextPart) refuse('NEXT_PART_NOT_AVAILABLE', 'this learning program has no next part');
      if (exam.assessment) refuse('ALREADY_ASSESSED', 'the assessment is already published');
      if (exam.status === 'NEXT_PART_INVITED') refuse('NEXT_PART_ALREADY_INVITED', 'the learner is already invited to the next part');
      if (exam.status !== 'HANDED_IN') refuse('NOT_HANDED_IN', 'the exam is not handed in');
      return [
        {
          type: 'NextPartInvited',
          data: { examId, attempt, partTitle: command.partTitle, note: command.note, scheduledAt: command.scheduledAt, invitedAt: now },
        },
      ];

    case 'PublishAssessment': {
      if (exam.assessment) refuse('ALREADY_ASSESSED', 'this attempt is already assessed');
      if (!isHandedIn(exam)) refuse('NOT_HANDED_IN', 'the exam is not handed in');
      const { passed } = gradeOutcome(command.policy, command.grade);
      return [
        {
          type: 'AssessmentPublished',
          data: {
            examId,
            attempt,
            gradingScale: command.policy.gradingScale,
            grade: command.grade,
            passed,
            feedback: command.feedback,
            publishedAt: now,
          },
        },
      ];
    }

    case 'RequestReopen':
      checkReopenAllowed(exam, command.reason, command.policy);
      return [
        {
          type: 'ExamReopenRequested',
          data: {
            examId,
            requestId: command.requestId,
            reason: command.reason,
            note: command.note,
            requestedBy: command.requestedBy.id,
            requestedByRole: command.requestedBy.role,
            requestedAt: now,
          },
        },
      ];

    case 'ReopenExam': {
      const request = command.requestId !== undefined ? openRequest(exam, command.requestId) : undefined;
      const reason = request ? request.reason : (command as { reason: ReopenReason }).reason;
      const note = request ? request.note : (command as { note: string }).note;
      checkReopenAllowed(exam, reason, command.policy);
      const nextAttempt = reason === 'resit' ? attempt + 1 : attempt;
      return [
        {
          type: 'ExamReopened',
          data: { examId, ...(request ? { requestId: request.requestId } : {}), reason, note, attempt: nextAttempt, reopenedAt: now },
        },
      ];
    }

    case 'DeclineReopenRequest':
      openRequest(exam, command.requestId);
      return [{ type: 'ExamReopenRequestDeclined', data: { examId, requestId: command.requestId, note: command.note, declinedAt: now } }];

    case 'IssueProofOfParticipation':
      // DOMAIN.md step 12: never without a pass.
      if (exam.status !== 'PASSED') refuse('NOT_PASSED', 'a proof of participation needs a passed exam');
      if (exam.proofOfParticipationIssuedAt) return [];
      return [{ type: 'ProofOfParticipationIssued', data: { examId, attempt, issuedAt: now } }];
  }
}
