import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMasterKey } from './master-key';
import { PersonErased } from './person-keys.port';
import { PersonalDataVault } from './personal-data-vault';
import { SqlitePersonKeys } from './sqlite/sqlite-person-keys';

describe('personal data vault (crypto-shredding over the SQLite key store)', () => {
  let dir: string;
  let keys: SqlitePersonKeys;
  let vault: PersonalDataVault;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vault-'));
    keys = new SqlitePersonKeys(join(dir, 'person-keys.sqlite'));
    vault = new PersonalDataVault(keys, loadMasterKey({ generatedFile: join(dir, 'data-key'), mayGenerate: true }).key);
  });
  afterEach(async () => (await keys.close(), rmSync(dir, { recursive: true, force: true })));

  const profile = { displayName: 'Zażółć Gęślą 数据', email: 'z@example.org' };

  it('opens what it sealed, and the sealed text shows nothing of it', async () => {
    const sealed = await vault.seal('learner-1', profile);
    // Neither the text nor its bytes under any part's base64 (a two-letter check failed on random ciphertext ~3% of runs).
    for (const text of Object.values(profile)) {
      expect(sealed).not.toContain(text);
      for (const part of sealed.split('.')) expect(Buffer.from(part, 'base64url').includes(Buffer.from(text))).toBe(false);
    }
    expect(await vault.open('learner-1', sealed)).toEqual({ state: 'readable', fields: profile });
  });

  it("does not open one person's sealed data as another's", async () => {
    const sealed = await vault.seal('learner-1', profile);
    await vault.seal('learner-2', { displayName: 'B' });
    expect(await vault.open('learner-2', sealed)).toEqual({ state: 'unreadable' });
  });

  it('does not open altered data', async () => {
    const sealed = await vault.seal('learner-1', profile);
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(await vault.open('learner-1', parts.join('.'))).toEqual({ state: 'unreadable' });
  });

  it('after erasure nothing opens and nothing can be sealed again', async () => {
    const sealed = await vault.seal('learner-1', profile);
    await vault.erase('learner-1');
    expect(await vault.open('learner-1', sealed)).toEqual({ state: 'erased' });
    expect(await vault.isErased('learner-1')).toBe(true);
    await expect(vault.seal('learner-1', profile)).rejects.toBeInstanceOf(PersonErased);
  });

  it('does not open with another master key', async () => {
    const sealed = await vault.seal('learner-1', profile);
    const other = new PersonalDataVault(keys, Buffer.alloc(32, 7));
    await expect(other.open('learner-1', sealed)).rejects.toThrow('DATA_KEY');
  });
});

describe('master key', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'master-key-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is generated once under DATA_DIR, readable by its owner only, and then reused', () => {
    const file = join(dir, 'data-key');
    const first = loadMasterKey({ generatedFile: file, mayGenerate: true });
    expect(first.generated).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = loadMasterKey({ generatedFile: file, mayGenerate: true });
    expect(again).toMatchObject({ generated: false });
    expect(again.key.equals(first.key)).toBe(true);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.key.toString('base64'));
  });

  it('takes DATA_KEY as hex or base64 and refuses a key of the wrong size', () => {
    const hex = 'ab'.repeat(32);
    expect(loadMasterKey({ key: hex, generatedFile: join(dir, 'x'), mayGenerate: false }).key).toEqual(Buffer.from(hex, 'hex'));
    expect(() => loadMasterKey({ key: 'c2hvcnQ=', generatedFile: join(dir, 'x'), mayGenerate: false })).toThrow(
      'DATA_KEY must hold a 32-byte key',
    );
  });

  it('is never generated in production, and a missing DATA_KEY_FILE is named', () => {
    expect(() => loadMasterKey({ generatedFile: join(dir, 'x'), mayGenerate: false })).toThrow('DATA_KEY or DATA_KEY_FILE is required');
    expect(() => loadMasterKey({ file: join(dir, 'nope'), generatedFile: join(dir, 'x'), mayGenerate: true })).toThrow('DATA_KEY_FILE');
  });
});
