import { ExamCommandType } from './exam/exam-commands';
import { RegisteredExam } from './exam/exam-state';
import { Actor, Role } from './people';
import { refuse } from './rule-violation';

/** Every command a person can issue (the scheduler's EndSubscription is not one). */
export type CommandType =
  | ExamCommandType
  | 'SetInstitutionPolicy'
  | 'DefineProgram'
  | 'StartSubscription'
  | 'StartFreeTrial'
  | 'SetPersonProfile'
  | 'ErasePersonalData';

/**
 * CONTRACT.md "Commands", role column: the one place roles are written. The HTTP layer reads its
 * route guards and API docs from here; scope (which exam) is checked below, against the stream.
 */
export const COMMAND_ROLES: Readonly<Record<CommandType, readonly Role[]>> = {
  SetInstitutionPolicy: ['admin'],
  DefineProgram: ['admin'],
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
  StartSubscription: ['admin'],
  StartFreeTrial: ['learner', 'admin'],
  SetPersonProfile: ['admin'],
  ErasePersonalData: ['admin'],
};

/** Refuses (FORBIDDEN) a command the actor's role may not issue at all. */
export function authorizeRole(actor: Actor, type: CommandType): void {
  if (!COMMAND_ROLES[type].includes(actor.role)) refuse('FORBIDDEN', `a ${actor.role} may not do this`);
}

/** Whether the actor's relation to this exam lets them see it (reads) — the scope half of DOMAIN.md "People". */
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

/** Refuses (FORBIDDEN) an exam command the actor may not issue on this exam; without an exam (registration) only the role counts. */
export function authorizeExamCommand(actor: Actor, type: ExamCommandType, exam: RegisteredExam | undefined): void {
  authorizeRole(actor, type);
  if (exam === undefined) return;
  if (actor.role === 'assessor' && exam.assessorId === undefined) {
    refuse('NO_ASSESSOR', 'no assessor is assigned to this exam yet');
  }
  if (!isInScope(actor, exam)) refuse('FORBIDDEN', 'this exam is not in your scope');
}

/** CONTRACT.md: commands on a learner's access are for an admin, or "the learner themself". */
export function authorizeLearnerCommand(actor: Actor, type: 'StartSubscription' | 'StartFreeTrial', learnerId: string): void {
  authorizeRole(actor, type);
  if (actor.role === 'learner' && actor.id !== learnerId) refuse('FORBIDDEN', 'a learner acts only on their own access');
}
