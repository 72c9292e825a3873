import { DomainEvent } from '../event';
import { Grade, GradingScale } from '../institution/institution-policy';

/** DOMAIN.md, "Events": the public vocabulary of the exam stream. Past tense, never renamed. */
export type ReopenReason = 'missing_file' | 'resit';
export type SampleOutcome = 'approved' | 'rejected';
export interface SampleFeedback {
  assignmentId: string;
  comment: string;
}
export type ExamFile = {
  fileId: string;
  name: string;
  size: number;
  mediaType: string;
  sha256: string;
  componentId?: string;
};

export type ExamRegistered = DomainEvent<
  'ExamRegistered',
  { examId: string; learnerId: string; programId: string; institutionId: string; coachId: string; registeredAt: string }
>;
export type XpAwarded = DomainEvent<'XpAwarded', { examId: string; amount: number; source: string; totalXp: number }>;
export type SampleStarted = DomainEvent<'SampleStarted', { examId: string; sampleNumber: number; startedAt: string }>;
export type SampleAssessed = DomainEvent<
  'SampleAssessed',
  { examId: string; sampleNumber: number; outcome: SampleOutcome; feedback: SampleFeedback[]; assessedAt: string }
>;
export type SampleFeedbackViewed = DomainEvent<'SampleFeedbackViewed', { examId: string; sampleNumber: number; viewedAt: string }>;
export type ExamReleased = DomainEvent<'ExamReleased', { examId: string; attempt: number; early: boolean; releasedAt: string }>;
export type ExamStarted = DomainEvent<'ExamStarted', { examId: string; attempt: number; startedAt: string }>;
export type ExamFileUploaded = DomainEvent<'ExamFileUploaded', ExamFile & { examId: string; attempt: number; uploadedAt: string }>;
export type ExamFileRemoved = DomainEvent<'ExamFileRemoved', { examId: string; attempt: number; fileId: string; removedAt: string }>;
export type ExamVideoLinkAdded = DomainEvent<
  'ExamVideoLinkAdded',
  { examId: string; attempt: number; url: string; title: string; addedAt: string }
>;
export type ExamHandedIn = DomainEvent<
  'ExamHandedIn',
  {
    examId: string;
    attempt: number;
    files: { fileId: string; sha256: string; size: number }[];
    videoLinkCount: number;
    handedInAt: string;
  }
>;
export type AssessorAssigned = DomainEvent<'AssessorAssigned', { examId: string; assessorId: string; assignedAt: string }>;
export type NextPartInvited = DomainEvent<
  'NextPartInvited',
  { examId: string; attempt: number; partTitle: string; note?: string; scheduledAt?: string; invitedAt: string }
>;
export type AssessmentPublished = DomainEvent<
  'AssessmentPublished',
  { examId: string; attempt: number; gradingScale: GradingScale; grade: Grade; passed: boolean; feedback: string; publishedAt: string }
>;
export type ExamReopenRequested = DomainEvent<
  'ExamReopenRequested',
  {
    examId: string;
    requestId: string;
    reason: ReopenReason;
    note: string;
    /** Who asked (DOMAIN.md: the exam's coach or assessor, or its institution's exam_board). */
    requestedBy: string;
    requestedByRole: string;
    requestedAt: string;
  }
>;
export type ExamReopened = DomainEvent<
  'ExamReopened',
  { examId: string; requestId?: string; reason: ReopenReason; note?: string; attempt: number; reopenedAt: string }
>;
export type ExamReopenRequestDeclined = DomainEvent<
  'ExamReopenRequestDeclined',
  { examId: string; requestId: string; note: string; declinedAt: string }
>;
/**
 * `verificationCode`: the public code of this proof (CONTRACT.md, "Proof of participation that anyone can verify"),
 * chosen by the command. Absent on proofs issued before codes existed: those have no public verification.
 */
export type ProofOfParticipationIssued = DomainEvent<
  'ProofOfParticipationIssued',
  { examId: string; attempt: number; issuedAt: string; verificationCode?: string }
>;

export type ExamEvent =
  | ExamRegistered
  | XpAwarded
  | SampleStarted
  | SampleAssessed
  | SampleFeedbackViewed
  | ExamReleased
  | ExamStarted
  | ExamFileUploaded
  | ExamFileRemoved
  | ExamVideoLinkAdded
  | ExamHandedIn
  | AssessorAssigned
  | NextPartInvited
  | AssessmentPublished
  | ExamReopenRequested
  | ExamReopened
  | ExamReopenRequestDeclined
  | ProofOfParticipationIssued;

export type ExamEventType = ExamEvent['type'];
