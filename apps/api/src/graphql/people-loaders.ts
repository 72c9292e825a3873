import DataLoader from 'dataloader';
import { PeopleDirectory, PersonView } from '@exam/personal-data';

/** One lookup per request for all the people and institutions a query names (no N+1 in the queues). */
export interface PeopleLoaders {
  person: DataLoader<string, PersonView>;
  institutionName: DataLoader<string, string | null>;
}

export function peopleLoaders(directory: PeopleDirectory): PeopleLoaders {
  return {
    person: new DataLoader((ids: readonly string[]) => directory.people(ids)),
    institutionName: new DataLoader((ids: readonly string[]) => directory.institutionNames(ids)),
  };
}
