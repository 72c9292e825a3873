import { DomainEvent } from './event';
import { RuleViolation } from './rule-violation';

/**
 * A decider over one stream: pure, no I/O, no clock (time arrives inside the command).
 * `decide` refuses with a RuleViolation; it returns [] for an accepted command that records nothing.
 */
export interface Decider<State, Command, Event extends DomainEvent> {
  initialState: () => State;
  evolve: (state: State, event: Event) => State;
  decide: (command: Command, state: State) => Event[];
}

export function fold<State, Event>(evolve: (s: State, e: Event) => State, initial: State, events: Iterable<Event>): State {
  let state = initial;
  for (const event of events) state = evolve(state, event);
  return state;
}

/** The state a decider reaches from these events. */
export function stateOf<State, Event extends DomainEvent>(decider: Decider<State, never, Event>, events: Iterable<Event>): State {
  return fold(decider.evolve, decider.initialState(), events);
}

/** The `default` of a decider's exhaustive switch: unreachable while every command has its case. */
export function unknownCommand(command: never): never {
  throw new Error(`unknown command ${JSON.stringify(command)}`);
}

/**
 * Would the decider accept this command in this state? Reads ask the rules instead of restating
 * them (the exam view's `canHandIn` is a dry run of `handIn`).
 */
export function wouldAccept<State, Command, Event extends DomainEvent>(
  decider: Decider<State, Command, Event>,
  command: Command,
  state: State,
): boolean {
  try {
    decider.decide(command, state);
    return true;
  } catch (error) {
    if (error instanceof RuleViolation) return false;
    throw error;
  }
}
