import { Grade, GradingScale } from '../institution/institution-policy';
import { ExamEvent, ExamFile, ReopenReason, SampleFeedback, SampleOutcome } from './exam-events';

/** DOMAIN.md, "Lifecycle of an exam". */
export const EXAM_STATUSES = [
  'LOCKED',
  'SAMPLE_IN_REVIEW',
  'SAMPLE_REJECTED',
  'RELEASED',
  'IN_PROGRESS',
  'HANDED_IN',
  'NEXT_PART_INVITED',
  'PASSED',
  'FAILED',
] as const;
export type ExamStatus = (typeof EXAM_STATUSES)[number];

export interface Sample {
  number: number;
  outcome?: SampleOutcome;
  feedback: SampleFeedback[];
  feedbackViewed: boolean;
}
export interface UploadedFile extends ExamFile {
  uploadedAt: string;
}
export interface VideoLink {
  url: string;
  title: string;
}
export interface Assessment {
  gradingScale: GradingScale;
  grade: Grade;
  passed: boolean;
  feedback: string;
  publishedAt: string;
}
export interface ReopenRequest {
  requestId: string;
  reason: ReopenReason;
  note: string;
  status: 'open' | 'approved' | 'declined';
  requestedBy: string;
  requestedByRole: string;
  createdAt: string;
}

export interface RegisteredExam {
  registered: true;
  examId: string;
  learnerId: string;
  programId: string;
  institutionId: string;
  coachId: string;
  assessorId?: string;
  status: ExamStatus;
  attempt: number;
  xp: number;
  released: boolean;
  /** Latest sample; earlier ones stay in the event history. */
  sample?: Sample;
  /** Files of the current attempt, in upload order. */
  files: UploadedFile[];
  videoLinks: VideoLink[];
  handedInAt?: string;
  nextPart?: { partTitle: string; note?: string; scheduledAt?: string };
  /** Assessment of the current attempt, once published. */
  assessment?: Assessment;
  proofOfParticipationIssuedAt?: string;
  /** The issued proof's public code; absent for proofs issued before codes existed. */
  proofVerificationCode?: string;
  reopenRequests: ReopenRequest[];
}
export type ExamState = { registered: false } | RegisteredExam;

export const initialExamState = (): ExamState => ({ registered: false });

export function evolveExam(state: ExamState, event: ExamEvent): ExamState {
  if (event.type === 'ExamRegistered') {
    const { examId, learnerId, programId, institutionId, coachId } = event.data;
    return {
      registered: true,
      examId,
      learnerId,
      programId,
      institutionId,
      coachId,
      status: 'LOCKED',
      attempt: 1,
      xp: 0,
      released: false,
      files: [],
      videoLinks: [],
      reopenRequests: [],
    };
  }
  if (!state.registered) return state;
  const exam = state;
  switch (event.type) {
    case 'XpAwarded':
      return { ...exam, xp: event.data.totalXp };
    case 'AssessorAssigned':
      return { ...exam, assessorId: event.data.assessorId };
    case 'SampleStarted':
      return {
        ...exam,
        status: 'SAMPLE_IN_REVIEW',
        sample: { number: event.data.sampleNumber, feedback: [], feedbackViewed: false },
      };
    case 'SampleAssessed':
      return {
        ...exam,
        status: event.data.outcome === 'rejected' ? 'SAMPLE_REJECTED' : 'LOCKED',
        sample: { number: event.data.sampleNumber, outcome: event.data.outcome, feedback: event.data.feedback, feedbackViewed: false },
      };
    case 'SampleFeedbackViewed':
      return exam.sample ? { ...exam, sample: { ...exam.sample, feedbackViewed: true } } : exam;
    case 'ExamReleased':
      return { ...exam, status: 'RELEASED', released: true };
    case 'ExamStarted':
      return { ...exam, status: 'IN_PROGRESS' };
    case 'ExamFileUploaded': {
      const { fileId, name, size, mediaType, sha256, componentId, uploadedAt } = event.data;
      const file: UploadedFile = { fileId, name, size, mediaType, sha256, uploadedAt, ...(componentId ? { componentId } : {}) };
      return { ...exam, files: [...exam.files, file] };
    }
    case 'ExamFileRemoved':
      return { ...exam, files: exam.files.filter((f) => f.fileId !== event.data.fileId) };
    case 'ExamVideoLinkAdded':
      return { ...exam, videoLinks: [...exam.videoLinks, { url: event.data.url, title: event.data.title }] };
    case 'ExamHandedIn':
      return { ...exam, status: 'HANDED_IN', handedInAt: event.data.handedInAt };
    case 'NextPartInvited': {
      const { partTitle, note, scheduledAt } = event.data;
      return { ...exam, status: 'NEXT_PART_INVITED', nextPart: { partTitle, note, scheduledAt } };
    }
    case 'AssessmentPublished': {
      const { gradingScale, grade, passed, feedback, publishedAt } = event.data;
      return { ...exam, status: passed ? 'PASSED' : 'FAILED', assessment: { gradingScale, grade, passed, feedback, publishedAt } };
    }
    case 'ExamReopenRequested': {
      const { requestId, reason, note, requestedBy, requestedByRole, requestedAt } = event.data;
      return {
        ...exam,
        reopenRequests: [
          ...exam.reopenRequests,
          { requestId, reason, note, status: 'open', requestedBy, requestedByRole, createdAt: requestedAt },
        ],
      };
    }
    case 'ExamReopenRequestDeclined':
      return { ...exam, reopenRequests: settle(exam.reopenRequests, event.data.requestId, 'declined') };
    case 'ExamReopened': {
      const reopenRequests = event.data.requestId ? settle(exam.reopenRequests, event.data.requestId, 'approved') : exam.reopenRequests;
      if (event.data.reason === 'missing_file') {
        // Same attempt, earlier files kept (DOMAIN.md, "Reopening").
        return { ...exam, reopenRequests, status: 'IN_PROGRESS', handedInAt: undefined, nextPart: undefined };
      }
      // Resit: a new attempt from RELEASED with no files; the old attempt lives on in the history.
      return {
        ...exam,
        reopenRequests,
        status: 'RELEASED',
        attempt: event.data.attempt,
        files: [],
        videoLinks: [],
        handedInAt: undefined,
        nextPart: undefined,
        assessment: undefined,
        proofOfParticipationIssuedAt: undefined,
        proofVerificationCode: undefined,
      };
    }
    case 'ProofOfParticipationIssued':
      return { ...exam, proofOfParticipationIssuedAt: event.data.issuedAt, proofVerificationCode: event.data.verificationCode };
  }
}

function settle(requests: ReopenRequest[], requestId: string, status: ReopenRequest['status']): ReopenRequest[] {
  return requests.map((r) => (r.requestId === requestId ? { ...r, status } : r));
}
