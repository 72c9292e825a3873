import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM with a fresh 96-bit nonce per seal. The associated data binds a sealed value to
 * its owner: a value copied into another person's event does not open with that person's key.
 * Format: `v1.<nonce>.<tag>.<ciphertext>`, base64url.
 */
const VERSION = 'v1';
const NONCE_BYTES = 12;

export function seal(key: Buffer, owner: string, plaintext: Buffer): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(owner, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return [VERSION, nonce, cipher.getAuthTag(), data]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

/** The plaintext, or undefined when the value is not ours, was altered, or another key sealed it. */
export function unseal(key: Buffer, owner: string, sealed: string): Buffer | undefined {
  const [version, nonce, tag, data, ...rest] = sealed.split('.');
  if (version !== VERSION || rest.length > 0 || nonce === undefined || tag === undefined || data === undefined) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
    decipher.setAAD(Buffer.from(owner, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]);
  } catch {
    return undefined;
  }
}

export const KEY_BYTES = 32;
export const newKey = (): Buffer => randomBytes(KEY_BYTES);
