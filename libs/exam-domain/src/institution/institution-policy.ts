import { Decider } from '../decider';
import { DomainEvent } from '../event';
import { refuse } from '../rule-violation';

export type GradingScale = 'numeric' | 'rating';
export const RATINGS = ['UNSATISFACTORY', 'SATISFACTORY', 'GOOD'] as const;
export type Rating = (typeof RATINGS)[number];

/** DOMAIN.md, "Things": an institution's exam policy. */
export type InstitutionPolicy = {
  institutionId: string;
  /** The institution's display name (CONTRACT.md "People and personal data"); not personal data. */
  name?: string;
  gradingScale: GradingScale;
  /** Only for the numeric scale (1.0–10.0). */
  passMark?: number;
  resitsAllowed: boolean;
  earlyReleaseAllowed: boolean;
};

export const NUMERIC_MIN = 1.0;
export const NUMERIC_MAX = 10.0;
export const DEFAULT_PASS_MARK = 5.5;

export type InstitutionPolicySet = DomainEvent<'InstitutionPolicySet', InstitutionPolicy>;

export interface SetInstitutionPolicy {
  type: 'SetInstitutionPolicy';
  institutionId: string;
  name?: string;
  gradingScale: GradingScale;
  passMark?: number;
  resitsAllowed: boolean;
  earlyReleaseAllowed: boolean;
}

export type InstitutionState = InstitutionPolicy | null;

/** Replaces the whole policy: the stream needs no state to decide. */
export function setInstitutionPolicy(command: SetInstitutionPolicy): InstitutionPolicySet[] {
  const { institutionId, gradingScale, resitsAllowed, earlyReleaseAllowed } = command;
  const named = command.name !== undefined ? { name: command.name } : {};
  if (gradingScale === 'rating') {
    if (command.passMark !== undefined) refuse('VALIDATION_FAILED', 'passMark applies to the numeric scale only', 'passMark');
    return [{ type: 'InstitutionPolicySet', data: { institutionId, ...named, gradingScale, resitsAllowed, earlyReleaseAllowed } }];
  }
  const passMark = command.passMark ?? DEFAULT_PASS_MARK;
  if (!(passMark >= NUMERIC_MIN && passMark <= NUMERIC_MAX)) {
    refuse('VALIDATION_FAILED', `passMark must be between ${NUMERIC_MIN} and ${NUMERIC_MAX}`, 'passMark');
  }
  return [{ type: 'InstitutionPolicySet', data: { institutionId, ...named, gradingScale, passMark, resitsAllowed, earlyReleaseAllowed } }];
}

export function evolveInstitution(_state: InstitutionState, event: InstitutionPolicySet): InstitutionState {
  return { ...event.data };
}

/** An institution's policy stream (`institution-<id>`). */
export const institutionPolicyDecider: Decider<InstitutionState, SetInstitutionPolicy, InstitutionPolicySet> = {
  initialState: () => null,
  evolve: evolveInstitution,
  decide: setInstitutionPolicy,
};

/** A grade as the assessor gives it: exactly one of the two fields, matching the scale. */
export interface Grade {
  numeric?: number;
  rating?: Rating;
}

/** DOMAIN.md step 11: the grade must be on the institution's scale; `passed` follows from the policy. */
export function gradeOutcome(policy: InstitutionPolicy, grade: Grade): { passed: boolean } {
  if (policy.gradingScale === 'numeric') {
    if (grade.numeric === undefined || grade.rating !== undefined) {
      refuse('GRADE_SCALE_MISMATCH', 'this institution grades with a number from 1.0 to 10.0');
    }
    if (!(grade.numeric >= NUMERIC_MIN && grade.numeric <= NUMERIC_MAX)) {
      refuse('VALIDATION_FAILED', `a numeric grade is between ${NUMERIC_MIN} and ${NUMERIC_MAX}`, 'grade.numeric');
    }
    return { passed: grade.numeric >= (policy.passMark ?? DEFAULT_PASS_MARK) };
  }
  if (grade.rating === undefined || grade.numeric !== undefined) {
    refuse('GRADE_SCALE_MISMATCH', 'this institution grades UNSATISFACTORY, SATISFACTORY or GOOD');
  }
  return { passed: grade.rating === 'SATISFACTORY' || grade.rating === 'GOOD' };
}
