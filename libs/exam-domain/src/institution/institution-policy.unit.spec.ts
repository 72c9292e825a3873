/**
 * An institution's exam policy and how a grade passes (DOMAIN.md "Things" and step 11).
 */
import { expectRuleViolation, institutionSpec } from '../testing/given-when-then';
import {
  DEFAULT_PASS_MARK,
  Grade,
  gradeOutcome,
  InstitutionPolicy,
  InstitutionPolicySet,
  SetInstitutionPolicy,
} from './institution-policy';

const INSTITUTION = 'institution-1';

function setPolicy(overrides: Partial<SetInstitutionPolicy> = {}): SetInstitutionPolicy {
  return {
    type: 'SetInstitutionPolicy',
    institutionId: INSTITUTION,
    gradingScale: 'numeric',
    resitsAllowed: true,
    earlyReleaseAllowed: false,
    ...overrides,
  };
}
const policySet = (data: Partial<InstitutionPolicy> = {}): InstitutionPolicySet => ({
  type: 'InstitutionPolicySet',
  data: { institutionId: INSTITUTION, gradingScale: 'numeric', passMark: 5.5, resitsAllowed: true, earlyReleaseAllowed: false, ...data },
});
function policy(overrides: Partial<InstitutionPolicy> = {}): InstitutionPolicy {
  return {
    institutionId: INSTITUTION,
    gradingScale: 'numeric',
    passMark: 5.5,
    resitsAllowed: true,
    earlyReleaseAllowed: false,
    ...overrides,
  };
}
const ratingPolicy = () => policy({ gradingScale: 'rating', passMark: undefined });
const passes = (p: InstitutionPolicy, grade: Grade) => gradeOutcome(p, grade).passed;

describe('setting an institution’s exam policy (the admin)', () => {
  it('a numeric scale passes at 5.5 unless told otherwise', () => {
    expect(DEFAULT_PASS_MARK).toBe(5.5);
    institutionSpec
      .given()
      .when(setPolicy())
      .then([policySet({ passMark: 5.5 })]);
  });

  it('a numeric scale with its own pass mark', () => {
    institutionSpec
      .given()
      .when(setPolicy({ passMark: 6, resitsAllowed: false, earlyReleaseAllowed: true }))
      .then([policySet({ passMark: 6, resitsAllowed: false, earlyReleaseAllowed: true })]);
  });

  it('the pass mark lies on the 1.0–10.0 scale, both ends included', () => {
    institutionSpec
      .given()
      .when(setPolicy({ passMark: 1.0 }))
      .then([policySet({ passMark: 1.0 })]);
    institutionSpec
      .given()
      .when(setPolicy({ passMark: 10.0 }))
      .then([policySet({ passMark: 10.0 })]);
    institutionSpec
      .given()
      .when(setPolicy({ passMark: 0.9 }))
      .thenThrows('VALIDATION_FAILED');
    institutionSpec
      .given()
      .when(setPolicy({ passMark: 10.1 }))
      .thenThrows('VALIDATION_FAILED');
    institutionSpec
      .given()
      .when(setPolicy({ passMark: Number.NaN }))
      .thenThrows('VALIDATION_FAILED');
  });

  it('a rating scale has no pass mark', () => {
    institutionSpec
      .given()
      .when(setPolicy({ gradingScale: 'rating' }))
      .then([
        {
          type: 'InstitutionPolicySet',
          data: { institutionId: INSTITUTION, gradingScale: 'rating', resitsAllowed: true, earlyReleaseAllowed: false },
        },
      ]);
    institutionSpec
      .given()
      .when(setPolicy({ gradingScale: 'rating', passMark: 5.5 }))
      .thenThrows('VALIDATION_FAILED');
  });

  it("records the institution's display name, in any script", () => {
    institutionSpec
      .given()
      .when(setPolicy({ name: 'Uniwersytet Łódzki 数据' }))
      .then([policySet({ name: 'Uniwersytet Łódzki 数据' })]);
    institutionSpec
      .given()
      .when(setPolicy({ gradingScale: 'rating', name: 'Akademia' }))
      .thenState({ name: 'Akademia' });
  });

  it('the latest policy is the one in force', () => {
    institutionSpec
      .given([policySet({ resitsAllowed: true })])
      .when(setPolicy({ gradingScale: 'rating', resitsAllowed: false }))
      .thenState({ gradingScale: 'rating', resitsAllowed: false });
  });
});

describe('whether a grade passes follows from the policy', () => {
  describe('numeric 1.0–10.0: passed when grade >= passMark', () => {
    it('with the default pass mark 5.5: 5.5 passes, 5.4 fails', () => {
      const noPassMark = policy({ passMark: undefined });
      expect(passes(noPassMark, { numeric: 5.5 })).toBe(true);
      expect(passes(noPassMark, { numeric: 5.4 })).toBe(false);
      expect(passes(noPassMark, { numeric: 1.0 })).toBe(false);
      expect(passes(noPassMark, { numeric: 10.0 })).toBe(true);
    });

    it('with a custom pass mark of 7: 7 passes, 6.9 fails', () => {
      expect(passes(policy({ passMark: 7 }), { numeric: 7 })).toBe(true);
      expect(passes(policy({ passMark: 7 }), { numeric: 6.9 })).toBe(false);
    });

    it('a grade outside 1.0–10.0 is refused', () => {
      expectRuleViolation(() => gradeOutcome(policy(), { numeric: 0.9 }), 'VALIDATION_FAILED');
      expectRuleViolation(() => gradeOutcome(policy(), { numeric: 10.1 }), 'VALIDATION_FAILED');
      expectRuleViolation(() => gradeOutcome(policy(), { numeric: Number.NaN }), 'VALIDATION_FAILED');
    });
  });

  it('rating: SATISFACTORY and GOOD pass, UNSATISFACTORY fails', () => {
    expect(passes(ratingPolicy(), { rating: 'GOOD' })).toBe(true);
    expect(passes(ratingPolicy(), { rating: 'SATISFACTORY' })).toBe(true);
    expect(passes(ratingPolicy(), { rating: 'UNSATISFACTORY' })).toBe(false);
  });

  it('a grade on the other scale is refused', () => {
    expectRuleViolation(() => gradeOutcome(policy(), { rating: 'GOOD' }), 'GRADE_SCALE_MISMATCH');
    expectRuleViolation(() => gradeOutcome(policy(), {}), 'GRADE_SCALE_MISMATCH');
    expectRuleViolation(() => gradeOutcome(policy(), { numeric: 7, rating: 'GOOD' }), 'GRADE_SCALE_MISMATCH');
    expectRuleViolation(() => gradeOutcome(ratingPolicy(), { numeric: 7 }), 'GRADE_SCALE_MISMATCH');
    expectRuleViolation(() => gradeOutcome(ratingPolicy(), {}), 'GRADE_SCALE_MISMATCH');
    expectRuleViolation(() => gradeOutcome(ratingPolicy(), { rating: 'GOOD', numeric: 7 }), 'GRADE_SCALE_MISMATCH');
  });
});
