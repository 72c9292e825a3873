import { randomBytes, randomUUID } from 'node:crypto';
import { PersonErased, PersonKeys } from './person-keys.port';

/** What every key store must do; run by each adapter's spec against its real engine. */
export function personKeysContract(name: string, open: () => Promise<{ keys: PersonKeys; teardown: () => Promise<void> }>): void {
  describe(`person keys contract: ${name}`, () => {
    let keys: PersonKeys;
    let teardown: () => Promise<void>;
    beforeEach(async () => ({ keys, teardown } = await open()));
    afterEach(() => teardown());

    const someone = () => `person-${randomUUID()}`;

    it('knows no key for a person it never saw', async () => {
      expect(await keys.find(someone())).toBeUndefined();
    });

    it('keeps the first key: a second keep answers the stored one', async () => {
      const id = someone();
      const first = randomBytes(60);
      expect(await keys.keep(id, first)).toEqual(first);
      expect(await keys.keep(id, randomBytes(60))).toEqual(first);
      expect(await keys.find(id)).toEqual(first);
    });

    it('racing keeps agree on one key', async () => {
      const id = someone();
      const kept = await Promise.all(Array.from({ length: 8 }, () => keys.keep(id, randomBytes(60))));
      expect(new Set(kept.map((k) => k.toString('hex'))).size).toBe(1);
    });

    it('destroys a key for ever: found as erased, and no new key can be kept', async () => {
      const id = someone();
      await keys.keep(id, randomBytes(60));
      await keys.destroy(id);
      await keys.destroy(id);
      expect(await keys.find(id)).toBe('erased');
      await expect(keys.keep(id, randomBytes(60))).rejects.toBeInstanceOf(PersonErased);
    });

    it('erases a person who never had a key, so none can be made later', async () => {
      const id = someone();
      await keys.destroy(id);
      expect(await keys.find(id)).toBe('erased');
    });

    it("one person's erasure leaves another's key", async () => {
      const [a, b] = [someone(), someone()];
      const keyOfB = randomBytes(60);
      await keys.keep(a, randomBytes(60));
      await keys.keep(b, keyOfB);
      await keys.destroy(a);
      expect(await keys.find(b)).toEqual(keyOfB);
    });
  });
}
