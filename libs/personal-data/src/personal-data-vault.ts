import { createHmac } from 'node:crypto';
import { PersonErased, PersonKeys } from './person-keys.port';
import { newKey, seal, unseal } from './sealing';

/** What reads see of a person's sealed data: the fields, or why they cannot be read. */
export type Opened<T> = { state: 'readable'; fields: T } | { state: 'erased' } | { state: 'unreadable' };

/**
 * Crypto-shredding (CONTRACT.md "People and personal data"): a person's fields are sealed with
 * that person's own data key, which is kept wrapped by the master key. Erasure destroys the key:
 * every event sealed with it stays in the log, complete and hash-chained, and unreadable for ever.
 * Keys are not cached: an erasure in one process must hold at once in every other.
 */
export class PersonalDataVault {
  constructor(
    private readonly keys: PersonKeys,
    private readonly masterKey: Buffer,
  ) {}

  /** Seals `fields` for this person, making the person's key on first use. Refuses an erased person. */
  async seal(personId: string, fields: object): Promise<string> {
    const key = await this.dataKey(personId, true);
    if (!key) throw new PersonErased(personId);
    return seal(key, personId, Buffer.from(JSON.stringify(fields), 'utf8'));
  }

  /**
   * A fingerprint of a request about this person that only their key can make (the Idempotency-Key
   * check): a plain hash of a name and e-mail could be guessed back from the log after erasure.
   */
  async fingerprint(personId: string, text: string): Promise<string> {
    const key = await this.dataKey(personId, true);
    if (!key) throw new PersonErased(personId);
    return createHmac('sha256', key).update(text).digest('hex');
  }

  async open<T>(personId: string, sealed: string): Promise<Opened<T>> {
    const key = await this.dataKey(personId, false);
    if (key === 'erased') return { state: 'erased' };
    const plaintext = key && unseal(key, personId, sealed);
    return plaintext ? { state: 'readable', fields: JSON.parse(plaintext.toString('utf8')) as T } : { state: 'unreadable' };
  }

  async isErased(personId: string): Promise<boolean> {
    return (await this.keys.find(personId)) === 'erased';
  }

  /** Final and idempotent. */
  async erase(personId: string): Promise<void> {
    await this.keys.destroy(personId);
  }

  private async dataKey(personId: string, create: true): Promise<Buffer | undefined>;
  private async dataKey(personId: string, create: false): Promise<Buffer | 'erased' | undefined>;
  private async dataKey(personId: string, create: boolean): Promise<Buffer | 'erased' | undefined> {
    let wrapped = await this.keys.find(personId);
    if (wrapped === 'erased') return create ? undefined : 'erased';
    if (wrapped === undefined) {
      if (!create) return undefined;
      wrapped = await this.keys.keep(personId, Buffer.from(seal(this.masterKey, personId, newKey()), 'utf8'));
    }
    const key = unseal(this.masterKey, personId, wrapped.toString('utf8'));
    if (!key) throw new Error(`the data key of ${personId} does not open with this master key (DATA_KEY or DATA_KEY_FILE changed?)`);
    return key;
  }
}
