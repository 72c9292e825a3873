import { createSecretKey, KeyObject } from 'node:crypto';
import { createRemoteJWKSet, decodeProtectedHeader, errors, JWTPayload, jwtVerify, JWTVerifyGetKey, SignJWT } from 'jose';
import { Actor, isRole, Role } from '@exam/domain';

/**
 * Bearer tokens (CONTRACT.md, "Authentication" and "Identity from the platform"), verified with
 * jose: HS256 with a local secret for the embedded default, or the platform's OpenID Connect
 * provider's keys (JWKS; RS256, ES256, EdDSA), refetched on an unknown `kid`.
 */
export interface TokenVerifier {
  /** The actor the token speaks for; InvalidToken for anything malformed, forged, expired or not yet valid. */
  verify(token: string): Promise<Actor>;
}

export class InvalidToken extends Error {
  constructor(reason: string) {
    super(`invalid token: ${reason}`);
    this.name = 'InvalidToken';
  }
}

/** Which claims carry the role and the institution (CONTRACT.md: AUTH_ROLE_CLAIM, AUTH_INSTITUTION_CLAIM). */
export interface ClaimNames {
  /** A dotted path (`realm_access.roles`); a list of roles there answers its first known role. */
  role: string;
  institution: string;
}

export const DEFAULT_CLAIMS: ClaimNames = { role: 'role', institution: 'institutionId' };

/** CONTRACT.md: nbf and iat are honoured with 30 s of clock tolerance. */
const CLOCK_TOLERANCE_S = 30;

/**
 * A compact JWS and nothing else: three base64url parts without padding. jose decodes leniently
 * (trailing `%`, `~~`, `==` or a standard-base64 signature pass), so the shape is checked first.
 */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export function hs256Verifier(secret: string, claims: ClaimNames = DEFAULT_CLAIMS): TokenVerifier {
  // A KeyObject made once: given bytes, jose makes one on every verification (a few % of a request).
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  return { verify: (token) => verifyWith(token, key, { algorithms: ['HS256'] }, claims) };
}

export interface OidcOptions {
  jwksUrl: string;
  issuer: string;
  audience: string;
  claims?: ClaimNames;
  /** The least time between two fetches of the key set (a token with an unknown `kid` triggers one). */
  refetchAfterMs?: number;
}

export function jwksVerifier({ jwksUrl, issuer, audience, claims = DEFAULT_CLAIMS, refetchAfterMs = 30_000 }: OidcOptions): TokenVerifier {
  const keys = createRemoteJWKSet(new URL(jwksUrl), { cooldownDuration: refetchAfterMs });
  return { verify: (token) => verifyWith(token, keys, { algorithms: ['RS256', 'ES256', 'EdDSA'], issuer, audience }, claims) };
}

/** HS256 tokens go to the local secret, every other algorithm to the provider's keys (when one is configured). */
export function platformVerifier(local: TokenVerifier, provider: TokenVerifier | undefined): TokenVerifier {
  return {
    verify: async (token) => {
      if (!COMPACT_JWS.test(token)) throw new InvalidToken('malformed');
      let alg: unknown;
      try {
        alg = decodeProtectedHeader(token).alg;
      } catch {
        throw new InvalidToken('malformed');
      }
      if (alg === 'HS256') return local.verify(token);
      if (!provider) throw new InvalidToken('algorithm not allowed');
      return provider.verify(token);
    },
  };
}

async function verifyWith(
  token: string,
  key: KeyObject | JWTVerifyGetKey,
  options: { algorithms: string[]; issuer?: string; audience?: string },
  claims: ClaimNames,
): Promise<Actor> {
  if (!COMPACT_JWS.test(token)) throw new InvalidToken('malformed');
  let payload: JWTPayload;
  try {
    const verified = await (key instanceof KeyObject
      ? jwtVerify(token, key, { ...options, clockTolerance: CLOCK_TOLERANCE_S, requiredClaims: ['exp'] })
      : jwtVerify(token, key, { ...options, clockTolerance: CLOCK_TOLERANCE_S, requiredClaims: ['exp'] }));
    payload = verified.payload;
  } catch (error) {
    if (error instanceof errors.JOSEError) throw new InvalidToken(reasonOf(error));
    throw error;
  }
  return actorOf(payload, claims);
}

function reasonOf(error: InstanceType<typeof errors.JOSEError>): string {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `${error.claim} ${error.reason}`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad signature';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm not allowed';
  if (error instanceof errors.JWKSNoMatchingKey) return 'no key matches';
  return 'malformed';
}

/** The claims as an actor; times must be whole seconds a clock can reach (`exp: 1e309` is Infinity, never expiring). */
function actorOf(payload: JWTPayload, claims: ClaimNames): Actor {
  for (const name of ['exp', 'nbf', 'iat'] as const) {
    const value = payload[name];
    if (value !== undefined && !Number.isSafeInteger(value)) throw new InvalidToken(`${name} is not a time in seconds`);
  }
  if (typeof payload.sub !== 'string' || payload.sub.length === 0) throw new InvalidToken('sub missing');
  const role = roleIn(claimAt(payload, claims.role));
  if (!role) throw new InvalidToken('unknown role');
  const institutionId = claimAt(payload, claims.institution);
  if (institutionId !== undefined && typeof institutionId !== 'string') throw new InvalidToken('institution claim is not a string');
  return { id: payload.sub, role, ...(institutionId ? { institutionId } : {}) };
}

function claimAt(payload: JWTPayload, path: string): unknown {
  let value: unknown = payload;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = Object.getOwnPropertyDescriptor(value, key)?.value;
  }
  return value;
}

function roleIn(value: unknown): Role | undefined {
  if (isRole(value)) return value;
  return Array.isArray(value) ? value.find(isRole) : undefined;
}

export interface TokenClaims {
  sub: string;
  role: string;
  institutionId?: string;
  exp: number;
  iat?: number;
}

/** An HS256 token for the embedded default (`npm run token`, tests, benchmarks). */
export function signToken(claims: TokenClaims, secret: string): Promise<string> {
  return new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(secret));
}
