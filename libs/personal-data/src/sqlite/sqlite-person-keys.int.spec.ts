import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { personKeysContract } from '../person-keys.contract';
import { SqlitePersonKeys } from './sqlite-person-keys';

function fresh() {
  const dir = mkdtempSync(join(tmpdir(), 'person-keys-'));
  const file = join(dir, 'person-keys.sqlite');
  return { dir, file, keys: new SqlitePersonKeys(file) };
}

personKeysContract('SQLite', async () => {
  const { dir, keys } = fresh();
  return { keys, teardown: async () => (await keys.close(), rmSync(dir, { recursive: true, force: true })) };
});

describe('SQLite person keys (on disk)', () => {
  it('leaves no byte of a destroyed key in its file', async () => {
    const { dir, file, keys } = fresh();
    try {
      const wrapped = randomBytes(60);
      await keys.keep('learner-1', wrapped);
      await keys.keep('learner-2', randomBytes(60));
      expect(readFileSync(file).includes(wrapped)).toBe(true);
      await keys.destroy('learner-1');
      await keys.close();
      expect(readFileSync(file).includes(wrapped)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
