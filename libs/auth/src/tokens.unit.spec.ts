import { createHmac } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { hs256Verifier, InvalidToken, platformVerifier, signToken } from './tokens';

const SECRET = 'test-secret-of-at-least-16-chars';
const verifier = hs256Verifier(SECRET);
const now = () => Math.floor(Date.now() / 1000);

/** A token signed by hand, so claims jose would never write (Infinity) can be tried. */
function handSigned(payload: string, header = '{"alg":"HS256","typ":"JWT"}'): string {
  const input = `${Buffer.from(header).toString('base64url')}.${Buffer.from(payload).toString('base64url')}`;
  return `${input}.${createHmac('sha256', SECRET).update(input).digest('base64url')}`;
}

async function refused(token: string, reason?: RegExp) {
  const error = await verifier.verify(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidToken);
  if (reason) expect(String(error)).toMatch(reason);
}

describe('HS256 tokens (the embedded default)', () => {
  it('answer the actor the token speaks for', async () => {
    const token = await signToken({ sub: 'board-1', role: 'exam_board', institutionId: 'inst-1', exp: now() + 60 }, SECRET);
    await expect(verifier.verify(token)).resolves.toEqual({ id: 'board-1', role: 'exam_board', institutionId: 'inst-1' });
  });

  it.each(['%', '~~', '=='])('refuse trailing junk "%s" after the signature', async (junk) => {
    await refused(`${await signToken({ sub: 'a', role: 'admin', exp: now() + 60 }, SECRET)}${junk}`, /malformed/);
  });

  it('refuse a signature in standard base64', async () => {
    const token = handSigned(JSON.stringify({ sub: 'a', role: 'admin', exp: now() + 60 }));
    const [h, p, s] = token.split('.');
    const standard = Buffer.from(s, 'base64url').toString('base64');
    expect(standard).not.toBe(s);
    await refused(`${h}.${p}.${standard}`, /malformed/);
  });

  it('refuse a token that is not valid yet (nbf) beyond 30 s of clock tolerance', async () => {
    await refused(handSigned(JSON.stringify({ sub: 'a', role: 'admin', exp: now() + 600, nbf: now() + 300 })), /nbf/);
    await expect(
      verifier.verify(handSigned(JSON.stringify({ sub: 'a', role: 'admin', exp: now() + 600, nbf: now() + 10 }))),
    ).resolves.toMatchObject({ id: 'a' });
  });

  it('refuse exp: 1e309 (Infinity, which would never expire), an expired token and one without exp', async () => {
    await refused(handSigned(`{"sub":"a","role":"admin","exp":1e309}`), /exp/);
    await refused(handSigned(JSON.stringify({ sub: 'a', role: 'admin', exp: now() - 120 })), /expired/);
    await refused(handSigned(JSON.stringify({ sub: 'a', role: 'admin' })), /exp/);
  });

  it('refuse alg none, another secret, an unknown role and a missing sub', async () => {
    await refused(handSigned(JSON.stringify({ sub: 'a', role: 'admin', exp: now() + 60 }), '{"alg":"none"}'));
    await refused(await signToken({ sub: 'a', role: 'admin', exp: now() + 60 }, 'another-secret-of-16-chars'), /signature/);
    await refused(handSigned(JSON.stringify({ sub: 'a', role: 'root', exp: now() + 60 })), /role/);
    await refused(handSigned(JSON.stringify({ role: 'admin', exp: now() + 60 })), /sub/);
  });
});

describe('claims from the platform’s provider', () => {
  it('read the role from a dotted path (first known role of a list) and the institution from its claim', async () => {
    const claims = { role: 'realm_access.roles', institution: 'org' };
    const mapped = hs256Verifier(SECRET, claims);
    const token = await new SignJWT({ realm_access: { roles: ['offline_access', 'coach', 'admin'] }, org: 'inst-9' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('coach-9')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(SECRET));
    await expect(mapped.verify(token)).resolves.toEqual({ id: 'coach-9', role: 'coach', institutionId: 'inst-9' });
  });

  it('send HS256 tokens to the local secret and nothing else there', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    expect(await exportJWK(publicKey)).toMatchObject({ kty: 'EC' });
    const es256 = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject('a')
      .setExpirationTime('1h')
      .sign(privateKey);
    const localOnly = platformVerifier(verifier, undefined);
    await expect(localOnly.verify(es256)).rejects.toThrow(/algorithm not allowed/);
    const hs = await signToken({ sub: 'a', role: 'admin', exp: now() + 60 }, SECRET);
    await expect(localOnly.verify(hs)).resolves.toMatchObject({ id: 'a' });
  });
});
