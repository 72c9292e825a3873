/**
 * Who may do what on an exam: DOMAIN.md "People" (scope) and CONTRACT.md "Commands" (role column).
 */
import { ExamCommandType } from './exam/exam-commands';
import { RegisteredExam } from './exam/exam-state';
import { Actor, isRole, Role, ROLES } from './people';
import { authorizeExamCommand, authorizeLearnerCommand, COMMAND_ROLES, isInScope } from './permissions';
import { expectRuleViolation } from './testing/given-when-then';

const INSTITUTION = 'institution-1';

function exam(overrides: Partial<RegisteredExam> = {}): RegisteredExam {
  return {
    registered: true,
    examId: 'exam-1',
    learnerId: 'learner-1',
    programId: 'program-1',
    institutionId: INSTITUTION,
    coachId: 'coach-1',
    assessorId: 'assessor-1',
    status: 'HANDED_IN',
    attempt: 1,
    xp: 100,
    released: true,
    files: [],
    videoLinks: [],
    reopenRequests: [],
    ...overrides,
  };
}
const unassigned = () => exam({ assessorId: undefined });

const actor = (role: Role, id: string, institutionId?: string): Actor => ({ id, role, ...(institutionId ? { institutionId } : {}) });
const learner = (id = 'learner-1') => actor('learner', id);
const coach = (id = 'coach-1') => actor('coach', id);
const assessor = (id = 'assessor-1') => actor('assessor', id);
/** An exam board member; `null` for one whose token names no institution. */
const examBoard = (institutionId: string | null = INSTITUTION) => actor('exam_board', 'board-1', institutionId ?? undefined);
const admin = () => actor('admin', 'admin-1');

const allowed = (who: Actor, type: ExamCommandType, on: RegisteredExam = exam()) =>
  expect(() => authorizeExamCommand(who, type, on)).not.toThrow();
const forbidden = (who: Actor, type: ExamCommandType, on: RegisteredExam = exam()) =>
  expectRuleViolation(() => authorizeExamCommand(who, type, on), 'FORBIDDEN');

const LEARNER_COMMANDS: ExamCommandType[] = [
  'ViewSampleFeedback',
  'StartExam',
  'UploadExamFile',
  'RemoveExamFile',
  'AddVideoLink',
  'HandInExam',
];
const COACH_COMMANDS: ExamCommandType[] = ['StartSample', 'AssessSample', 'ReleaseExam', 'RequestReopen', 'IssueProofOfParticipation'];
const ASSESSOR_COMMANDS: ExamCommandType[] = ['InviteToNextPart', 'PublishAssessment', 'RequestReopen'];
const EXAM_BOARD_COMMANDS: ExamCommandType[] = ['AssignAssessor', 'RequestReopen'];
const ADMIN_COMMANDS: ExamCommandType[] = ['RegisterExam', 'AwardXp', 'AssignAssessor', 'ReopenExam', 'DeclineReopenRequest'];
const ALL_COMMANDS: ExamCommandType[] = [
  ...new Set([...LEARNER_COMMANDS, ...COACH_COMMANDS, ...ASSESSOR_COMMANDS, ...EXAM_BOARD_COMMANDS, ...ADMIN_COMMANDS]),
];
const others = (mine: ExamCommandType[]) => ALL_COMMANDS.filter((type) => !mine.includes(type));

describe('the people', () => {
  it('are learner, coach, assessor, exam_board and admin', () => {
    expect(ROLES).toEqual(['learner', 'coach', 'assessor', 'exam_board', 'admin']);
    expect(ROLES.every(isRole)).toBe(true);
    expect([isRole('examiner'), isRole('ADMIN'), isRole(undefined), isRole(1)]).toEqual([false, false, false, false]);
  });
});

// The table itself is checked against CONTRACT.md's role column by test/contract/openapi.e2e.spec.ts
// (the API docs print each route's roles from COMMAND_ROLES); here: what the roles mean on an exam.
describe('the permission table', () => {
  it('names every command of CONTRACT.md once: the 18 exam commands and 6 on other streams', () => {
    expect(Object.keys(COMMAND_ROLES)).toHaveLength(24);
    expect(new Set(ALL_COMMANDS).size).toBe(18);
  });
});

describe('a learner works on their own exams only', () => {
  it.each(LEARNER_COMMANDS)('may %s on their own exam', (type) => allowed(learner(), type));
  it.each(LEARNER_COMMANDS)('may not %s on another learner’s exam', (type) => forbidden(learner('learner-2'), type));
  it.each(others(LEARNER_COMMANDS))('may not %s', (type) => forbidden(learner(), type));
});

describe('a coach acts on exams of the learners they coach', () => {
  it.each(COACH_COMMANDS)('may %s on an exam they coach', (type) => allowed(coach(), type));
  it.each(COACH_COMMANDS)('may not %s on an exam another coach guides', (type) => forbidden(coach('coach-2'), type));
  it.each(others(COACH_COMMANDS))('may not %s', (type) => forbidden(coach(), type));
});

describe('an assessor acts on exams assigned to them', () => {
  it.each(ASSESSOR_COMMANDS)('may %s on an exam assigned to them', (type) => allowed(assessor(), type));
  it.each(ASSESSOR_COMMANDS)('may not %s on an exam assigned to another assessor', (type) => forbidden(assessor('assessor-2'), type));
  it.each(ASSESSOR_COMMANDS)('is told no assessor is assigned yet when trying to %s', (type) => {
    expectRuleViolation(() => authorizeExamCommand(assessor(), type, unassigned()), 'NO_ASSESSOR');
  });
  it.each(others(ASSESSOR_COMMANDS))('may not %s', (type) => forbidden(assessor(), type));
});

describe('the exam board of an institution assigns assessors and requests reopening', () => {
  it.each(EXAM_BOARD_COMMANDS)('may %s on an exam of its institution', (type) => allowed(examBoard(), type));
  it.each(EXAM_BOARD_COMMANDS)('may not %s on an exam of another institution', (type) => forbidden(examBoard('institution-2'), type));
  it.each(EXAM_BOARD_COMMANDS)('without an institution may not %s', (type) => forbidden(examBoard(null), type));
  it('may assign an assessor to an exam that has none yet', () => allowed(examBoard(), 'AssignAssessor', unassigned()));
  it.each(others(EXAM_BOARD_COMMANDS))('may not %s (deciding reopen requests is the admin’s)', (type) => forbidden(examBoard(), type));
});

describe('the admin (the platform operator) configures and decides reopen requests', () => {
  it.each(ADMIN_COMMANDS)('may %s on any exam', (type) => {
    allowed(admin(), type, exam({ institutionId: 'institution-9', coachId: 'coach-9', assessorId: undefined }));
  });
  it.each(others(ADMIN_COMMANDS))('may not %s (that is the learner’s, coach’s or assessor’s)', (type) => forbidden(admin(), type));
});

describe('registering a new exam (there is no exam yet, so only the role counts)', () => {
  it('the admin registers an exam', () => {
    expect(() => authorizeExamCommand(admin(), 'RegisterExam', undefined)).not.toThrow();
  });

  it.each([learner(), coach(), assessor(), examBoard()])('a $role may not', (who) => {
    expectRuleViolation(() => authorizeExamCommand(who, 'RegisterExam', undefined), 'FORBIDDEN');
  });
});

describe('reading an exam (scope)', () => {
  it('the admin reads every exam', () => {
    expect(isInScope(admin(), exam({ institutionId: 'institution-9' }))).toBe(true);
  });

  it('the learner reads their own exams only', () => {
    expect(isInScope(learner(), exam())).toBe(true);
    expect(isInScope(learner('learner-2'), exam())).toBe(false);
  });

  it('the coach reads the exams of the learners they coach', () => {
    expect(isInScope(coach(), exam())).toBe(true);
    expect(isInScope(coach('coach-2'), exam())).toBe(false);
  });

  it('the assessor reads the exams assigned to them, and none without an assessor', () => {
    expect(isInScope(assessor(), exam())).toBe(true);
    expect(isInScope(assessor('assessor-2'), exam())).toBe(false);
    expect(isInScope(assessor(), unassigned())).toBe(false);
  });

  it('the exam board reads everything of its institution (audit) and nothing of others', () => {
    expect(isInScope(examBoard(), exam())).toBe(true);
    expect(isInScope(examBoard(), exam({ coachId: 'coach-9', learnerId: 'learner-9', assessorId: undefined }))).toBe(true);
    expect(isInScope(examBoard('institution-2'), exam())).toBe(false);
    expect(isInScope(examBoard(null), exam())).toBe(false);
  });
});

describe('a learner’s access', () => {
  it('the learner starts their own trial, an admin anyone’s', () => {
    expect(() => authorizeLearnerCommand(learner(), 'StartFreeTrial', 'learner-1')).not.toThrow();
    expect(() => authorizeLearnerCommand(admin(), 'StartFreeTrial', 'learner-1')).not.toThrow();
  });

  it('a learner may not start another learner’s trial, nor record a subscription', () => {
    expectRuleViolation(() => authorizeLearnerCommand(learner('learner-2'), 'StartFreeTrial', 'learner-1'), 'FORBIDDEN');
    expectRuleViolation(() => authorizeLearnerCommand(learner(), 'StartSubscription', 'learner-1'), 'FORBIDDEN');
  });

  it.each([coach(), assessor(), examBoard()])('a $role may do neither', (who) => {
    expectRuleViolation(() => authorizeLearnerCommand(who, 'StartFreeTrial', 'learner-1'), 'FORBIDDEN');
    expectRuleViolation(() => authorizeLearnerCommand(who, 'StartSubscription', 'learner-1'), 'FORBIDDEN');
  });
});
