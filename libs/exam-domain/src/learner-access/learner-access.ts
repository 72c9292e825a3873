import { Decider, unknownCommand } from '../decider';
import { DomainEvent } from '../event';
import { refuse } from '../rule-violation';

/** DOMAIN.md, "Learner access". */
export const FREE_TRIAL_DAYS = 10;
const DAY_MS = 24 * 60 * 60 * 1000;

export type SubscriptionStarted = DomainEvent<'SubscriptionStarted', { learnerId: string; validUntil: string; startedAt: string }>;
export type FreeTrialStarted = DomainEvent<'FreeTrialStarted', { learnerId: string; startedAt: string; validUntil: string }>;
export type SubscriptionEnded = DomainEvent<'SubscriptionEnded', { learnerId: string; validUntil: string; endedAt: string }>;
export type LearnerAccessEvent = SubscriptionStarted | FreeTrialStarted | SubscriptionEnded;

export type StartSubscription = { type: 'StartSubscription'; learnerId: string; validUntil: string; now: string };
export type StartFreeTrial = { type: 'StartFreeTrial'; learnerId: string; now: string };
/** Issued by the scheduled expiry job. */
export type EndSubscription = { type: 'EndSubscription'; learnerId: string; now: string };
export type LearnerAccessCommand = StartSubscription | StartFreeTrial | EndSubscription;

export interface LearnerAccessState {
  /** The latest instant any subscription or trial is valid until. */
  validUntil?: string;
  trial?: { startedAt: string; validUntil: string };
  /** The validUntil for which SubscriptionEnded was already recorded. */
  endedFor?: string;
}

export const initialLearnerAccess = (): LearnerAccessState => ({});

export interface AccessView {
  active: boolean;
  validUntil: string | null;
  trialUsed: boolean;
  trialDaysLeft: number;
}

/** Access is active while now < validUntil of a subscription or trial. */
export function accessAt(state: LearnerAccessState, now: string): AccessView {
  const nowMs = Date.parse(now);
  const active = state.validUntil !== undefined && nowMs < Date.parse(state.validUntil);
  const trialLeftMs = state.trial ? Date.parse(state.trial.validUntil) - nowMs : 0;
  return {
    active,
    validUntil: state.validUntil ?? null,
    trialUsed: state.trial !== undefined,
    trialDaysLeft: trialLeftMs > 0 ? Math.ceil(trialLeftMs / DAY_MS) : 0,
  };
}

function later(a: string | undefined, b: string): string {
  return a !== undefined && Date.parse(a) >= Date.parse(b) ? a : b;
}

export function startSubscription(command: StartSubscription): LearnerAccessEvent[] {
  const { learnerId, validUntil, now } = command;
  if (!(Date.parse(validUntil) > Date.parse(now))) refuse('VALIDATION_FAILED', 'validUntil must be in the future', 'validUntil');
  return [{ type: 'SubscriptionStarted', data: { learnerId, validUntil, startedAt: now } }];
}

/** Once in a lifetime, for 10 days. */
export function startFreeTrial(command: StartFreeTrial, state: LearnerAccessState): LearnerAccessEvent[] {
  const { learnerId, now } = command;
  if (state.trial) refuse('TRIAL_ALREADY_USED', 'the free trial can be used once in a lifetime');
  const validUntil = new Date(Date.parse(now) + FREE_TRIAL_DAYS * DAY_MS).toISOString();
  return [{ type: 'FreeTrialStarted', data: { learnerId, startedAt: now, validUntil } }];
}

/** Recorded once per period that ran out, and not at all when a new one began meanwhile. */
export function endSubscription(command: EndSubscription, state: LearnerAccessState): LearnerAccessEvent[] {
  const { learnerId, now } = command;
  const { validUntil } = state;
  if (validUntil === undefined || accessAt(state, now).active || state.endedFor === validUntil) return [];
  return [{ type: 'SubscriptionEnded', data: { learnerId, validUntil, endedAt: now } }];
}

export function decideLearnerAccess(command: LearnerAccessCommand, state: LearnerAccessState): LearnerAccessEvent[] {
  switch (command.type) {
    case 'StartSubscription':
      return startSubscription(command);
    case 'StartFreeTrial':
      return startFreeTrial(command, state);
    case 'EndSubscription':
      return endSubscription(command, state);
    default:
      return unknownCommand(command);
  }
}

export function evolveLearnerAccess(state: LearnerAccessState, event: LearnerAccessEvent): LearnerAccessState {
  switch (event.type) {
    case 'SubscriptionStarted':
      return { ...state, validUntil: later(state.validUntil, event.data.validUntil) };
    case 'FreeTrialStarted':
      return {
        ...state,
        validUntil: later(state.validUntil, event.data.validUntil),
        trial: { startedAt: event.data.startedAt, validUntil: event.data.validUntil },
      };
    case 'SubscriptionEnded':
      return { ...state, endedFor: event.data.validUntil };
  }
}

/** A learner's access stream (`learner-<id>`): subscriptions, the free trial, expiry. */
export const learnerAccessDecider: Decider<LearnerAccessState, LearnerAccessCommand, LearnerAccessEvent> = {
  initialState: initialLearnerAccess,
  evolve: evolveLearnerAccess,
  decide: decideLearnerAccess,
};
