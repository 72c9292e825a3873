import { decodeJwt } from 'jose';
import { Actor } from '@exam/domain';
import { TokenVerifier } from './tokens';

export interface RememberOptions {
  /** Distinct tokens kept (least recently used go first). */
  maxEntries?: number;
  /** How long a verification is trusted before the token is verified again, whatever its expiry. */
  maxAgeMs?: number;
  now?: () => number;
}

/**
 * A client sends the same bearer token with every request for hours; verifying its signature each
 * time was about a tenth of a request's CPU (issue 9's profile). A token verified here is trusted
 * again, by its exact text, until it expires or `maxAgeMs` passes, whichever comes first. Refusals
 * are never remembered: a token not valid yet (nbf) is checked afresh each time.
 */
export function rememberingVerifier(
  inner: TokenVerifier,
  { maxEntries = 10_000, maxAgeMs = 60_000, now = Date.now }: RememberOptions = {},
): TokenVerifier {
  const remembered = new Map<string, { actor: Actor; until: number }>();
  return {
    async verify(token) {
      const hit = remembered.get(token);
      if (hit) {
        remembered.delete(token);
        if (hit.until > now()) {
          remembered.set(token, hit); // most recently used last
          return hit.actor;
        }
      }
      const actor = await inner.verify(token);
      // Verified, so its exp is a safe integer number of seconds: trust it no longer than that.
      const exp = decodeJwt(token).exp;
      const until = Math.min(now() + maxAgeMs, typeof exp === 'number' ? exp * 1000 : 0);
      if (until > now()) {
        if (remembered.size >= maxEntries) remembered.delete(remembered.keys().next().value!);
        remembered.set(token, { actor, until });
      }
      return actor;
    },
  };
}
