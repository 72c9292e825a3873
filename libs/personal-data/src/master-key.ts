import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { KEY_BYTES } from './sealing';

export interface MasterKeySource {
  /** DATA_KEY: the key itself, 32 bytes as base64 or hex. */
  key?: string;
  /** DATA_KEY_FILE: a file holding it (one line, base64 or hex). */
  file?: string;
  /** Where the embedded default keeps a generated key, when neither is given. */
  generatedFile: string;
  /** Production never generates a key: losing it would make every sealed name unreadable. */
  mayGenerate: boolean;
}

export type MasterKey = { key: Buffer; generated: boolean; origin: string };

function decode(text: string, origin: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== KEY_BYTES) throw new Error(`${origin} must hold a ${KEY_BYTES}-byte key (base64 or 64 hex digits)`);
  return key;
}

/** The key that wraps every person's data key (CONTRACT.md "People and personal data"). */
export function loadMasterKey(source: MasterKeySource): MasterKey {
  if (source.key) return { key: decode(source.key, 'DATA_KEY'), generated: false, origin: 'DATA_KEY' };
  const file = source.file ?? source.generatedFile;
  try {
    return { key: decode(readFileSync(file, 'utf8'), source.file ? 'DATA_KEY_FILE' : file), generated: false, origin: file };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    if (source.file) throw new Error(`DATA_KEY_FILE: ${file} does not exist`);
    if (!source.mayGenerate) throw new Error('DATA_KEY or DATA_KEY_FILE is required when NODE_ENV=production');
  }
  mkdirSync(dirname(file), { recursive: true });
  const key = randomBytes(KEY_BYTES);
  try {
    writeFileSync(file, `${key.toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    // Another process of this DATA_DIR generated it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadMasterKey(source);
    throw error;
  }
  return { key, generated: true, origin: file };
}
