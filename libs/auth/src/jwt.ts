import { createHmac, timingSafeEqual } from 'node:crypto';
import { Actor, isRole } from '@exam/domain';

/**
 * HS256 JSON Web Tokens (CONTRACT.md, "Authentication"). Written out rather than pulled in:
 * one algorithm, ~50 lines, and the header's `alg` is pinned so "alg: none" can never pass.
 */
export interface TokenClaims {
  sub: string;
  role: string;
  institutionId?: string;
  exp: number;
  iat?: number;
}

export class InvalidToken extends Error {
  constructor(reason: string) {
    super(`invalid token: ${reason}`);
    this.name = 'InvalidToken';
  }
}

const b64url = (input: Buffer | string) => Buffer.from(input).toString('base64url');
const HEADER = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

function signature(signingInput: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(signingInput).digest();
}

export function signToken(claims: TokenClaims, secret: string): string {
  const input = `${HEADER}.${b64url(JSON.stringify(claims))}`;
  return `${input}.${signature(input, secret).toString('base64url')}`;
}

/** Verifies signature, algorithm, expiry and claim shapes; answers the actor the token speaks for. */
export function verifyToken(token: string, secret: string, nowSeconds: number): Actor {
  const parts = token.split('.');
  if (parts.length !== 3) throw new InvalidToken('malformed');
  const [header, payload, sig] = parts;
  let parsedHeader: unknown;
  let claims: Partial<TokenClaims>;
  try {
    parsedHeader = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidToken('malformed');
  }
  if ((parsedHeader as { alg?: unknown })?.alg !== 'HS256') throw new InvalidToken('algorithm must be HS256');
  const expected = signature(`${header}.${payload}`, secret);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new InvalidToken('bad signature');
  if (typeof claims !== 'object' || claims === null) throw new InvalidToken('malformed claims');
  if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds) throw new InvalidToken('expired');
  if (typeof claims.sub !== 'string' || claims.sub.length === 0) throw new InvalidToken('sub missing');
  if (!isRole(claims.role)) throw new InvalidToken('unknown role');
  if (claims.institutionId !== undefined && typeof claims.institutionId !== 'string') throw new InvalidToken('institutionId');
  return { id: claims.sub, role: claims.role, ...(claims.institutionId ? { institutionId: claims.institutionId } : {}) };
}
