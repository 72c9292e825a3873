import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, JWK, KeyLike } from 'jose';

/**
 * The platform's Ed25519 signing key for credentials (CONTRACT.md: under DATA_DIR, or ISSUER_KEY_FILE),
 * kept as a private JWK. Generated on first start; the key id is its RFC 7638 thumbprint, so the
 * same file always publishes the same `kid`.
 */
export class IssuerKey {
  private constructor(
    readonly privateKey: KeyLike,
    readonly publicJwk: JWK & { kid: string },
  ) {}

  static async load(file: string, log: (message: string) => void = () => undefined): Promise<IssuerKey> {
    const stored = await readStoredJwk(file);
    const jwk = stored ?? (await createKeyFile(file, log));
    if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.d !== 'string' || typeof jwk.x !== 'string') {
      throw new Error(`ISSUER_KEY_FILE ${file}: not an Ed25519 private key (a JWK with kty OKP, crv Ed25519, d and x)`);
    }
    const key = await importJWK(jwk, 'EdDSA');
    if (key instanceof Uint8Array) throw new Error(`ISSUER_KEY_FILE ${file}: not an asymmetric key`);
    const publicJwk = { kty: jwk.kty, crv: jwk.crv, x: jwk.x };
    const kid = await calculateJwkThumbprint(publicJwk);
    return new IssuerKey(key, { ...publicJwk, kid, alg: 'EdDSA', use: 'sig' });
  }

  /** What `GET /.well-known/jwks.json` serves: the public half only. */
  jwks(): { keys: JWK[] } {
    return { keys: [this.publicJwk] };
  }
}

async function readStoredJwk(file: string): Promise<JWK | undefined> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (text === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && 'kty' in parsed && typeof parsed.kty === 'string')
      return { ...parsed, kty: parsed.kty };
  } catch {
    // reported below
  }
  throw new Error(`ISSUER_KEY_FILE ${file}: not a JSON Web Key`);
}

/**
 * Written whole to a temporary file, then linked into place (fails if the file exists): when two
 * processes start at once, one key wins, and nobody reads a half-written file.
 */
async function createKeyFile(file: string, log: (message: string) => void): Promise<JWK> {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(privateKey);
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${randomUUID()}.tmp`;
  await writeFile(tmp, JSON.stringify(jwk), { flag: 'wx', mode: 0o600 });
  try {
    await link(tmp, file);
    log(`generated the credential signing key in ${file} (keep it: credentials already issued verify only against it)`);
    return jwk;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const stored = await readStoredJwk(file);
    if (!stored) throw new Error(`ISSUER_KEY_FILE ${file}: vanished while being created`);
    return stored;
  } finally {
    await unlink(tmp);
  }
}
