/**
 * Learner access (DOMAIN.md "Learner access"): paid subscription periods, one free trial of
 * 10 days in a lifetime, access active while now < validUntil, SubscriptionEnded once per expiry.
 */
import { learnerAccessSpec } from '../testing/given-when-then';
import {
  accessAt,
  FREE_TRIAL_DAYS,
  FreeTrialStarted,
  LearnerAccessCommand,
  LearnerAccessEvent,
  SubscriptionEnded,
  SubscriptionStarted,
} from './learner-access';

const LEARNER = 'learner-1';
const at = (month: number, day: number, hour = 9): string => new Date(Date.UTC(2025, month - 1, day, hour)).toISOString();
const plusMs = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

// commands
const startSubscription = (validUntil: string, now: string): LearnerAccessCommand => ({
  type: 'StartSubscription',
  learnerId: LEARNER,
  validUntil,
  now,
});
const startFreeTrial = (now: string): LearnerAccessCommand => ({ type: 'StartFreeTrial', learnerId: LEARNER, now });
const endSubscription = (now: string): LearnerAccessCommand => ({ type: 'EndSubscription', learnerId: LEARNER, now });

// events
const subscriptionStarted = (validUntil: string, startedAt: string): SubscriptionStarted => ({
  type: 'SubscriptionStarted',
  data: { learnerId: LEARNER, validUntil, startedAt },
});
const freeTrialStarted = (startedAt: string, validUntil: string): FreeTrialStarted => ({
  type: 'FreeTrialStarted',
  data: { learnerId: LEARNER, startedAt, validUntil },
});
const subscriptionEnded = (validUntil: string, endedAt: string): SubscriptionEnded => ({
  type: 'SubscriptionEnded',
  data: { learnerId: LEARNER, validUntil, endedAt },
});

const accessAfter = (events: LearnerAccessEvent[], now: string) => accessAt(learnerAccessSpec.stateAfter(events), now);

describe('a paid subscription period (the admin records it)', () => {
  it('records the period until validUntil', () => {
    learnerAccessSpec
      .given()
      .when(startSubscription(at(4, 1), at(3, 1)))
      .then([subscriptionStarted(at(4, 1), at(3, 1))]);
  });

  it('refuses a validUntil that is not in the future', () => {
    learnerAccessSpec
      .given()
      .when(startSubscription(at(3, 1), at(3, 1)))
      .thenThrows('VALIDATION_FAILED');
    learnerAccessSpec
      .given()
      .when(startSubscription(at(2, 1), at(3, 1)))
      .thenThrows('VALIDATION_FAILED');
    learnerAccessSpec
      .given()
      .when(startSubscription('not a date', at(3, 1)))
      .thenThrows('VALIDATION_FAILED');
  });

  it('a shorter period recorded later does not cut a longer one short', () => {
    const events = [subscriptionStarted(at(6, 1), at(3, 1)), subscriptionStarted(at(4, 1), at(3, 2))];
    expect(accessAfter(events, at(5, 1))).toMatchObject({ active: true, validUntil: at(6, 1) });
  });
});

describe('the free trial: 10 days, once in a lifetime', () => {
  it('gives 10 days of access from the moment it starts', () => {
    expect(FREE_TRIAL_DAYS).toBe(10);
    learnerAccessSpec
      .given()
      .when(startFreeTrial('2025-03-01T09:00:00.000Z'))
      .then([freeTrialStarted('2025-03-01T09:00:00.000Z', '2025-03-11T09:00:00.000Z')]);
  });

  it('a second trial is refused, also once the first ran out and after a paid period', () => {
    const trial = freeTrialStarted(at(3, 1), at(3, 11));
    learnerAccessSpec
      .given([trial])
      .when(startFreeTrial(at(3, 2)))
      .thenThrows('TRIAL_ALREADY_USED');
    learnerAccessSpec
      .given([trial, subscriptionEnded(at(3, 11), at(3, 11))])
      .when(startFreeTrial(at(9, 1)))
      .thenThrows('TRIAL_ALREADY_USED');
    learnerAccessSpec
      .given([trial, subscriptionStarted(at(12, 31), at(4, 1))])
      .when(startFreeTrial(at(6, 1)))
      .thenThrows('TRIAL_ALREADY_USED');
  });

  it('may follow a paid period; access then lasts until the later of the two', () => {
    const paid = subscriptionStarted(at(3, 5), at(2, 1));
    learnerAccessSpec
      .given([paid])
      .when(startFreeTrial(at(3, 1)))
      .then([freeTrialStarted(at(3, 1), at(3, 11))]);
    expect(accessAfter([paid, freeTrialStarted(at(3, 1), at(3, 11))], at(3, 10))).toMatchObject({ active: true, validUntil: at(3, 11) });
  });

  it('shows the trial days left', () => {
    const trial = [freeTrialStarted(at(3, 1), at(3, 11))];
    expect(accessAfter(trial, plusMs(at(3, 1), 1))).toMatchObject({ trialUsed: true, trialDaysLeft: 10 });
    expect(accessAfter(trial, at(3, 10))).toMatchObject({ trialDaysLeft: 1 });
    expect(accessAfter(trial, at(3, 11))).toMatchObject({ trialDaysLeft: 0, active: false });
    expect(accessAfter([], at(3, 1))).toMatchObject({ trialUsed: false, trialDaysLeft: 0 });
  });
});

describe('access is active while now < validUntil', () => {
  const validUntil = at(4, 1);
  const paid = [subscriptionStarted(validUntil, at(3, 1))];

  it('is active up to the last millisecond before validUntil', () => {
    expect(accessAfter(paid, plusMs(validUntil, -1))).toEqual({ active: true, validUntil, trialUsed: false, trialDaysLeft: 0 });
  });

  it('is no longer active at validUntil itself, nor after', () => {
    expect(accessAfter(paid, validUntil)).toMatchObject({ active: false, validUntil });
    expect(accessAfter(paid, plusMs(validUntil, 1))).toMatchObject({ active: false });
  });

  it('a learner who never had a subscription or trial has no access', () => {
    expect(accessAfter([], at(3, 1))).toEqual({ active: false, validUntil: null, trialUsed: false, trialDaysLeft: 0 });
  });

  it('a new period after the end gives access again', () => {
    const renewed = [...paid, subscriptionEnded(validUntil, validUntil), subscriptionStarted(at(6, 1), at(5, 1))];
    expect(accessAfter(renewed, at(5, 2))).toMatchObject({ active: true, validUntil: at(6, 1) });
  });
});

describe('when access runs out, SubscriptionEnded is recorded once (the scheduled job)', () => {
  const validUntil = at(4, 1);
  const paid = [subscriptionStarted(validUntil, at(3, 1))];

  it('records nothing while access is still active', () => {
    learnerAccessSpec
      .given(paid)
      .when(endSubscription(plusMs(validUntil, -1)))
      .thenNothingHappened();
  });

  it('records the end once validUntil is reached', () => {
    learnerAccessSpec
      .given(paid)
      .when(endSubscription(validUntil))
      .then([subscriptionEnded(validUntil, validUntil)]);
    learnerAccessSpec
      .given(paid)
      .when(endSubscription(at(4, 2)))
      .then([subscriptionEnded(validUntil, at(4, 2))]);
  });

  it('records it only once per expired validUntil', () => {
    learnerAccessSpec
      .given([...paid, subscriptionEnded(validUntil, at(4, 2))])
      .when(endSubscription(at(4, 3)))
      .thenNothingHappened();
  });

  it('records it again when a later period runs out', () => {
    learnerAccessSpec
      .given([...paid, subscriptionEnded(validUntil, at(4, 2)), subscriptionStarted(at(6, 1), at(5, 1))])
      .when(endSubscription(at(6, 2)))
      .then([subscriptionEnded(at(6, 1), at(6, 2))]);
  });

  it('the end of a free trial is recorded too', () => {
    learnerAccessSpec
      .given([freeTrialStarted(at(3, 1), at(3, 11))])
      .when(endSubscription(at(3, 12)))
      .then([subscriptionEnded(at(3, 11), at(3, 12))]);
  });

  it('records nothing for a learner who never had access', () => {
    learnerAccessSpec
      .given()
      .when(endSubscription(at(4, 1)))
      .thenNothingHappened();
  });

  it('nothing is deleted: the trial stays used after the end', () => {
    learnerAccessSpec
      .given([freeTrialStarted(at(3, 1), at(3, 11))])
      .when(endSubscription(at(3, 12)))
      .thenState({ trial: { startedAt: at(3, 1), validUntil: at(3, 11) }, validUntil: at(3, 11), endedFor: at(3, 11) });
  });
});
