/**
 * A tiny emmett-style specification helper for deciders:
 *
 *   examSpec.given([ExamRegistered, ...]).when(command).then([ExamReleased]);
 *   examSpec.given(history).when(command).thenThrows('XP_INSUFFICIENT');
 *   examSpec.given(history).when(command).thenNothingHappened();
 *   examSpec.given(history).when(command).thenState({ status: 'RELEASED' });
 *
 * `given` events are folded with `evolve` from `initialState()`, `when` runs `decide`.
 * Test-only code: it uses jest's global `expect`.
 */
import { Decider, fold } from '../decider';
import { DomainEvent } from '../event';
import { examDecider } from '../exam/exam-decider';
import { institutionPolicyDecider } from '../institution/institution-policy';
import { learnerAccessDecider } from '../learner-access/learner-access';
import { personDecider } from '../person/person';
import { programDecider } from '../program/program';
import { RuleCode, RuleViolation } from '../rule-violation';

/** What `thenState` compares against: any part of the state, at any depth (like jest's toMatchObject). */
export type DeepPartial<T> = T extends readonly (infer U)[]
  ? DeepPartial<U>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

export interface ThenClause<State, Event> {
  /** The command produces exactly these events, in this order. */
  then(expected: Event[]): void;
  /** The command is refused with a RuleViolation of this code (and, optionally, a message matching `message`). */
  thenThrows(code: RuleCode, message?: string | RegExp): void;
  /** The command is accepted but records nothing (an idempotent repeat). */
  thenNothingHappened(): void;
  /** The state after `given` plus the produced events matches `expected` (partial, like toMatchObject), or passes `assert`. */
  thenState(expected: DeepPartial<State> | ((state: State) => void)): void;
}

export interface WhenClause<State, Command, Event> {
  when(command: Command): ThenClause<State, Event>;
}

export interface DeciderSpecification<State, Command, Event> {
  given(events?: Event[]): WhenClause<State, Command, Event>;
  /** The state after folding `events` from the initial state. */
  stateAfter(events: Event[]): State;
}

/** Runs `fn` and returns the RuleViolation it throws; fails the test when it throws nothing or something else. */
export function catchRuleViolation(fn: () => unknown): RuleViolation {
  let result: unknown;
  try {
    result = fn();
  } catch (error) {
    if (error instanceof RuleViolation) return error;
    throw error;
  }
  throw new Error(`expected a RuleViolation, but nothing was thrown; the result was ${JSON.stringify(result)}`);
}

/** Asserts that `fn` throws a RuleViolation with this `code` (and a message matching `message`, when given). */
export function expectRuleViolation(fn: () => unknown, code: RuleCode, message?: string | RegExp): void {
  const violation = catchRuleViolation(fn);
  expect(violation).toBeInstanceOf(RuleViolation);
  expect({ code: violation.code, message: violation.message }).toMatchObject({ code });
  if (message !== undefined) expect(violation.message).toMatch(message);
}

export function deciderSpec<State, Command, Event extends DomainEvent>(
  decider: Decider<State, Command, Event>,
): DeciderSpecification<State, Command, Event> {
  const stateAfter = (events: Event[]): State => fold(decider.evolve, decider.initialState(), events);

  return {
    stateAfter,
    given(events: Event[] = []) {
      return {
        when(command: Command) {
          const state = () => stateAfter(events);
          const decide = () => decider.decide(command, state());
          return {
            then(expected: Event[]) {
              expect(decide()).toEqual(expected);
            },
            thenThrows(code: RuleCode, message?: string | RegExp) {
              expectRuleViolation(decide, code, message);
            },
            thenNothingHappened() {
              expect(decide()).toEqual([]);
            },
            thenState(expected: DeepPartial<State> | ((state: State) => void)) {
              const after = stateAfter([...events, ...decide()]);
              if (typeof expected === 'function') (expected as (state: State) => void)(after);
              else expect(after).toMatchObject(expected as object);
            },
          };
        },
      };
    },
  };
}

/** The exam aggregate (DOMAIN.md "Lifecycle of an exam" and "Reopening"). */
export const examSpec = deciderSpec(examDecider);

/** Learner access: subscriptions and the one-time free trial (DOMAIN.md "Learner access"). */
export const learnerAccessSpec = deciderSpec(learnerAccessDecider);

/** An institution's exam policy (DOMAIN.md "Things"). The decider needs no state. */
export const institutionSpec = deciderSpec(institutionPolicyDecider);

/** A learning program (DOMAIN.md "Things"). The decider needs no state. */
export const programSpec = deciderSpec(programDecider);

/** A person's profile and its erasure (DOMAIN.md "People and privacy"). */
export const personSpec = deciderSpec(personDecider);
