/**
 * Where each person's data key is kept (CONTRACT.md "People and personal data"): crypto-shredding
 * destroys the key, so what was sealed with it can never be read again. Keys are stored wrapped by
 * the master key; an adapter never sees a key in the clear. Adapters: SQLite under DATA_DIR and
 * MongoDB; both pass `person-keys.contract.ts`.
 */
export interface PersonKeys {
  /** The wrapped key of this person; the first caller's `wrapped` when none was stored. Refuses an erased person. */
  keep(personId: string, wrapped: Buffer): Promise<Buffer>;
  /** The wrapped key, `'erased'` once destroyed, undefined when none was ever kept. */
  find(personId: string): Promise<Buffer | 'erased' | undefined>;
  /** Destroys the key for ever (a tombstone stays, so that no new key can be made). Idempotent. */
  destroy(personId: string): Promise<void>;
  close(): Promise<void>;
}

/** A seal for an erased person: erasure is final (DOMAIN.md "People and privacy"). */
export class PersonErased extends Error {
  constructor(readonly personId: string) {
    super(`the personal data of ${personId} was erased`);
    this.name = 'PersonErased';
  }
}
