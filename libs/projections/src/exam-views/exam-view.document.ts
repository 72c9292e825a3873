import { ExamStatus, RegisteredExam } from '@exam/domain';
import { ReadDocument } from '@exam/read-models';

export const EXAM_VIEWS = 'exam_views_v1';

/** What the coach must do next (CONTRACT.md coachQueue: sample to assess, release due). */
export type CoachAction = 'assess_sample' | 'release' | null;

/**
 * One exam as the read side keeps it: the domain's own state (folded with `evolveExam`, so reads
 * and writes can never disagree on a rule) plus top-level fields for the queries' filters.
 */
export interface ExamViewDocument extends ReadDocument {
  revision: number;
  position: string;
  learnerId: string;
  coachId: string;
  assessorId: string | null;
  institutionId: string;
  programId: string;
  status: ExamStatus;
  coachAction: CoachAction;
  hasReopenRequests: boolean;
  exam: RegisteredExam;
}

export function coachActionOf(exam: RegisteredExam): CoachAction {
  if (exam.status === 'SAMPLE_IN_REVIEW') return 'assess_sample';
  if (!exam.released && exam.sample?.outcome === 'approved') return 'release';
  return null;
}
