import { INSTITUTIONS, InstitutionDocument, PEOPLE, PersonDocument } from '@exam/projections';
import { ProofNames } from '@exam/proof-of-participation';
import { ReadModelStore } from '@exam/read-models';
import { PersonalDataVault } from './personal-data-vault';

/** CONTRACT.md `type Person`: the name while it is known and not erased. */
export interface PersonView {
  id: string;
  displayName: string | null;
  erased: boolean;
}

export interface Profile {
  displayName: string;
  email?: string;
}

/**
 * Names for reads (GraphQL, notifications, queues, audit, the proof): sealed profiles from the
 * people read model, opened with each person's key at the moment of reading. The key store is
 * asked too, so an erasure holds at once, before the read model has seen its event.
 */
export class PeopleDirectory implements ProofNames {
  constructor(
    private readonly readModels: ReadModelStore,
    private readonly vault: PersonalDataVault,
  ) {}

  async people(ids: readonly string[]): Promise<PersonView[]> {
    const unique = [...new Set(ids)];
    const docs = unique.length ? await this.readModels.collection<PersonDocument>(PEOPLE).find({ _id: { $in: unique } }) : [];
    const byId = new Map(docs.map((doc) => [doc._id, doc]));
    const views = new Map(await Promise.all(unique.map(async (id) => [id, await this.view(id, byId.get(id))] as const)));
    return ids.map((id) => views.get(id)!);
  }

  async person(id: string): Promise<PersonView> {
    return (await this.people([id]))[0];
  }

  async learnerName(learnerId: string): Promise<string | null> {
    return (await this.person(learnerId)).displayName;
  }

  async institutionName(institutionId: string): Promise<string | null> {
    return (await this.institutionNames([institutionId]))[0];
  }

  async institutionNames(ids: readonly string[]): Promise<(string | null)[]> {
    const unique = [...new Set(ids)];
    const docs = unique.length ? await this.readModels.collection<InstitutionDocument>(INSTITUTIONS).find({ _id: { $in: unique } }) : [];
    const names = new Map(docs.map((doc) => [doc._id, doc.name]));
    return ids.map((id) => names.get(id) ?? null);
  }

  private async view(id: string, doc: PersonDocument | undefined): Promise<PersonView> {
    if (doc?.erased) return { id, displayName: null, erased: true };
    if (!doc?.profile) return { id, displayName: null, erased: await this.vault.isErased(id) };
    const opened = await this.vault.open<Profile>(id, doc.profile);
    if (opened.state === 'readable') return { id, displayName: opened.fields.displayName, erased: false };
    return { id, displayName: null, erased: opened.state === 'erased' };
  }
}
