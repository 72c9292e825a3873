import { Grade, InstitutionPolicy } from '../institution/institution-policy';
import { Program } from '../program/program';
import { ExamFile, ReopenReason, SampleFeedback, SampleOutcome } from './exam-events';

/**
 * Commands on the exam aggregate. Every command carries `now` (the domain has no clock);
 * facts from other streams (policy, program, access, file checks) are looked up by the
 * application and handed in, so `decide` stays pure.
 */
interface At {
  now: string;
}

export type RegisterExam = At & {
  type: 'RegisterExam';
  examId: string;
  learnerId: string;
  programId: string;
  institutionId: string;
  coachId: string;
};
export type AwardXp = At & { type: 'AwardXp'; amount: number; source: string };
export type AssignAssessor = At & { type: 'AssignAssessor'; assessorId: string };
export type StartSample = At & { type: 'StartSample' };
export type AssessSample = At & { type: 'AssessSample'; outcome: SampleOutcome; feedback: SampleFeedback[] };
export type ViewSampleFeedback = At & { type: 'ViewSampleFeedback' };
export type ReleaseExam = At & { type: 'ReleaseExam'; early: boolean; policy: InstitutionPolicy; program: Program };
export type StartExam = At & { type: 'StartExam'; accessActive: boolean };
export type UploadExamFile = At & {
  type: 'UploadExamFile';
  file: ExamFile;
  accessActive: boolean;
  program: Program;
};
export type RemoveExamFile = At & { type: 'RemoveExamFile'; fileId: string; accessActive: boolean };
export type AddVideoLink = At & { type: 'AddVideoLink'; url: string; title: string; accessActive: boolean };
export type HandInExam = At & {
  type: 'HandInExam';
  accessActive: boolean;
  /** File ids of the current attempt whose stored bytes were re-read and matched their sha256. */
  verifiedFileIds: string[];
};
export type InviteToNextPart = At & {
  type: 'InviteToNextPart';
  partTitle: string;
  note?: string;
  scheduledAt?: string;
  program: Program;
};
export type PublishAssessment = At & { type: 'PublishAssessment'; grade: Grade; feedback: string; policy: InstitutionPolicy };
export type RequestReopen = At & {
  type: 'RequestReopen';
  requestId: string;
  reason: ReopenReason;
  note: string;
  requestedBy: { id: string; role: string };
  policy: InstitutionPolicy;
};
export type ReopenExam = At & {
  type: 'ReopenExam';
  policy: InstitutionPolicy;
} & ({ requestId: string } | { requestId?: undefined; reason: ReopenReason; note: string });
export type DeclineReopenRequest = At & { type: 'DeclineReopenRequest'; requestId: string; note: string };
/** The verification code is random, so it comes in the command: the decider stays pure. */
export type IssueProofOfParticipation = At & { type: 'IssueProofOfParticipation'; verificationCode: string };

export type ExamCommand =
  | RegisterExam
  | AwardXp
  | AssignAssessor
  | StartSample
  | AssessSample
  | ViewSampleFeedback
  | ReleaseExam
  | StartExam
  | UploadExamFile
  | RemoveExamFile
  | AddVideoLink
  | HandInExam
  | InviteToNextPart
  | PublishAssessment
  | RequestReopen
  | ReopenExam
  | DeclineReopenRequest
  | IssueProofOfParticipation;

export type ExamCommandType = ExamCommand['type'];
