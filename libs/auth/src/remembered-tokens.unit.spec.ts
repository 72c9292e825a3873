import { SignJWT } from 'jose';
import { Actor } from '@exam/domain';
import { rememberingVerifier } from './remembered-tokens';
import { InvalidToken, TokenVerifier } from './tokens';

/** A verifier that counts its calls and accepts tokens until told otherwise. */
function counting() {
  const state = { calls: 0, accept: true };
  const verifier: TokenVerifier = {
    async verify(token) {
      state.calls++;
      if (!state.accept) throw new InvalidToken('bad signature');
      return { id: `sub-of-${token.length}`, role: 'learner' } satisfies Actor;
    },
  };
  return { state, verifier };
}

const token = (exp: number, sub = 'learner-1') =>
  new SignJWT({ sub, role: 'learner' })
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime(exp)
    .sign(Buffer.from('x'.repeat(32)));

describe('remembered token verifications', () => {
  const t0 = 1_800_000_000_000;

  it('verifies a token once, then trusts its exact text', async () => {
    const { state, verifier } = counting();
    const remembering = rememberingVerifier(verifier, { now: () => t0 });
    const jwt = await token(t0 / 1000 + 3600);
    const first = await remembering.verify(jwt);
    expect(await remembering.verify(jwt)).toEqual(first);
    expect(state.calls).toBe(1);
    await remembering.verify(await token(t0 / 1000 + 3600, 'learner-2'));
    expect(state.calls).toBe(2);
  });

  it('never past the token expiry: an expired token goes to the verifier again (which refuses it)', async () => {
    const { state, verifier } = counting();
    let now = t0;
    const remembering = rememberingVerifier(verifier, { now: () => now });
    const jwt = await token(t0 / 1000 + 10);
    await remembering.verify(jwt);
    now = t0 + 11_000;
    state.accept = false;
    await expect(remembering.verify(jwt)).rejects.toBeInstanceOf(InvalidToken);
    expect(state.calls).toBe(2);
  });

  it('no longer than maxAgeMs, however far away the expiry', async () => {
    const { state, verifier } = counting();
    let now = t0;
    const remembering = rememberingVerifier(verifier, { now: () => now, maxAgeMs: 60_000 });
    const jwt = await token(t0 / 1000 + 8 * 3600);
    await remembering.verify(jwt);
    now = t0 + 59_000;
    await remembering.verify(jwt);
    expect(state.calls).toBe(1);
    now = t0 + 61_000;
    await remembering.verify(jwt);
    expect(state.calls).toBe(2);
  });

  it('never remembers a refusal', async () => {
    const { state, verifier } = counting();
    state.accept = false;
    const remembering = rememberingVerifier(verifier, { now: () => t0 });
    const jwt = await token(t0 / 1000 + 3600);
    await expect(remembering.verify(jwt)).rejects.toBeInstanceOf(InvalidToken);
    await expect(remembering.verify(jwt)).rejects.toBeInstanceOf(InvalidToken);
    expect(state.calls).toBe(2);
  });

  it('keeps at most maxEntries tokens, forgetting the least recently used', async () => {
    const { state, verifier } = counting();
    const remembering = rememberingVerifier(verifier, { now: () => t0, maxEntries: 2 });
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((sub) => token(t0 / 1000 + 3600, `learner-${sub}`)));
    await remembering.verify(a);
    await remembering.verify(b);
    await remembering.verify(a); // a used last: b is the least recent
    await remembering.verify(c); // forgets b
    expect(state.calls).toBe(3);
    await remembering.verify(a);
    expect(state.calls).toBe(3);
    await remembering.verify(b);
    expect(state.calls).toBe(4);
  });
});
