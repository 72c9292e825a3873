import { Actor, Role } from '../people';
import { refuse } from '../rule-violation';
import { ExamCommandType } from './exam-commands';
import { RegisteredExam } from './exam-state';

/**
 * CONTRACT.md "Commands" (role column) and DOMAIN.md "People" (scope):
 * which roles may issue each exam command at all.
 */
export const EXAM_COMMAND_ROLES: Record<ExamCommandType, readonly Role[]> = {
  RegisterExam: ['admin'],
  AwardXp: ['admin'],
  AssignAssessor: ['admin', 'exam_board'],
  StartSample: ['coach'],
  AssessSample: ['coach'],
  ViewSampleFeedback: ['learner'],
  ReleaseExam: ['coach'],
  StartExam: ['learner'],
  UploadExamFile: ['learner'],
  RemoveExamFile: ['learner'],
  AddVideoLink: ['learner'],
  HandInExam: ['learner'],
  InviteToNextPart: ['assessor'],
  PublishAssessment: ['assessor'],
  RequestReopen: ['coach', 'assessor', 'exam_board'],
  ReopenExam: ['admin'],
  DeclineReopenRequest: ['admin'],
  IssueProofOfParticipation: ['coach'],
};

/** Whether the actor's relation to this exam lets them see it (reads) — the scope half of "People". */
export function isInScope(actor: Actor, exam: Pick<RegisteredExam, 'learnerId' | 'coachId' | 'assessorId' | 'institutionId'>): boolean {
  switch (actor.role) {
    case 'admin':
      return true;
    case 'learner':
      return exam.learnerId === actor.id;
    case 'coach':
      return exam.coachId === actor.id;
    case 'assessor':
      return exam.assessorId !== undefined && exam.assessorId === actor.id;
    case 'exam_board':
      return actor.institutionId !== undefined && exam.institutionId === actor.institutionId;
  }
}

/** Refuses (FORBIDDEN) a command the actor may not issue on this exam; without an exam (registration) only the role counts. */
export function authorizeExamCommand(actor: Actor, type: ExamCommandType, exam: RegisteredExam | undefined): void {
  if (!EXAM_COMMAND_ROLES[type].includes(actor.role)) refuse('FORBIDDEN', `a ${actor.role} may not do this`);
  if (exam === undefined) return;
  if (actor.role === 'assessor' && exam.assessorId === undefined) {
    refuse('NO_ASSESSOR', 'no assessor is assigned to this exam yet');
  }
  if (!isInScope(actor, exam)) refuse('FORBIDDEN', 'this exam is not in your scope');
}
