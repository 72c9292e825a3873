import { Decider, unknownCommand } from '../decider';
import { DomainEvent } from '../event';
import { refuse } from '../rule-violation';

/**
 * A person's profile as events carry it: sealed with the person's own key before it reaches the
 * decider (crypto-shredding, DOMAIN.md "People and privacy"). The domain never sees the names.
 */
export type SealedProfile = string;

export type PersonProfileSet = DomainEvent<'PersonProfileSet', { personId: string; profile: SealedProfile }>;
export type PersonalDataErased = DomainEvent<'PersonalDataErased', { personId: string; reason: string }>;
export type PersonEvent = PersonProfileSet | PersonalDataErased;

export interface SetPersonProfile {
  type: 'SetPersonProfile';
  personId: string;
  profile: SealedProfile;
}
export interface ErasePersonalData {
  type: 'ErasePersonalData';
  personId: string;
  reason: string;
}
export type PersonCommand = SetPersonProfile | ErasePersonalData;

export interface PersonState {
  hasProfile: boolean;
  erased: boolean;
}

/** Erasure is final: no profile can be set for the person again. */
export function setPersonProfile(command: SetPersonProfile, state: PersonState): PersonProfileSet[] {
  if (state.erased) refuse('PERSON_ERASED', `the personal data of ${command.personId} was erased; erasure is final`);
  return [{ type: 'PersonProfileSet', data: { personId: command.personId, profile: command.profile } }];
}

/** A repeated erasure records nothing: the first one already made everything unreadable. */
export function erasePersonalData(command: ErasePersonalData, state: PersonState): PersonalDataErased[] {
  if (state.erased) return [];
  return [{ type: 'PersonalDataErased', data: { personId: command.personId, reason: command.reason } }];
}

export function evolvePerson(state: PersonState, event: PersonEvent): PersonState {
  switch (event.type) {
    case 'PersonProfileSet':
      return { ...state, hasProfile: true };
    case 'PersonalDataErased':
      return { hasProfile: false, erased: true };
  }
}

/** A person's stream (`person-<id>`): learners, coaches and assessors alike. */
export const personDecider: Decider<PersonState, PersonCommand, PersonEvent> = {
  initialState: () => ({ hasProfile: false, erased: false }),
  evolve: evolvePerson,
  decide: (command, state) => {
    switch (command.type) {
      case 'SetPersonProfile':
        return setPersonProfile(command, state);
      case 'ErasePersonalData':
        return erasePersonalData(command, state);
      default:
        return unknownCommand(command);
    }
  },
};
