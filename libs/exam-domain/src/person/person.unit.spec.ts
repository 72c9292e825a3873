/**
 * People and privacy (DOMAIN.md): an admin sets a person's profile; erasure is final.
 * The profile arrives sealed: the decider only records it.
 */
import { personSpec } from '../testing/given-when-then';
import { ErasePersonalData, PersonalDataErased, PersonProfileSet, SetPersonProfile } from './person';

const setProfile = (profile = 'v1.sealed-a'): SetPersonProfile => ({ type: 'SetPersonProfile', personId: 'learner-1', profile });
const profileSet = (profile = 'v1.sealed-a'): PersonProfileSet => ({ type: 'PersonProfileSet', data: { personId: 'learner-1', profile } });
const erase: ErasePersonalData = { type: 'ErasePersonalData', personId: 'learner-1', reason: 'GDPR request 2026-118' };
const erased: PersonalDataErased = { type: 'PersonalDataErased', data: { personId: 'learner-1', reason: 'GDPR request 2026-118' } };

describe('a person profile (the admin)', () => {
  it('records the sealed profile of a person', () => {
    personSpec.given().when(setProfile()).then([profileSet()]);
  });

  it('replaces an earlier profile with a new one', () => {
    personSpec
      .given([profileSet()])
      .when(setProfile('v1.sealed-b'))
      .then([profileSet('v1.sealed-b')]);
  });

  it('refuses a profile once the person was erased: erasure is final', () => {
    personSpec.given([profileSet(), erased]).when(setProfile()).thenThrows('PERSON_ERASED');
  });
});

describe("erasing a person's personal data (the admin)", () => {
  it('records the erasure with its reason', () => {
    personSpec.given([profileSet()]).when(erase).then([erased]);
  });

  it('erases a person who never had a profile (their files, their name in no event)', () => {
    personSpec.given().when(erase).then([erased]);
  });

  it('records nothing for a second erasure', () => {
    personSpec.given([profileSet(), erased]).when(erase).thenNothingHappened();
  });

  it('leaves the person without a profile', () => {
    personSpec.given([profileSet()]).when(erase).thenState({ hasProfile: false, erased: true });
  });
});
