/**
 * Sign-in from a real OpenID Connect provider (oidc-provider on loopback, CONTRACT.md "Identity from
 * the platform"): its tokens work on commands, GraphQL and the audit API; a wrong issuer, audience
 * or key is 401; a rotated key is picked up on its unknown `kid`.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, JWK, KeyLike, SignJWT } from 'jose';
import { freePort } from '../setup/servers';
import { startTestApp, TestApp } from '../support/test-app';

const AUDIENCE = 'https://exam.example/api';
const PROVIDER = join(__dirname, '..', 'support', 'oidc', 'provider.mjs');

interface SigningKey {
  kid: string;
  privateKey: KeyLike;
  jwk: JWK;
}

async function signingKey(kid: string): Promise<SigningKey> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { kid, privateKey, jwk: { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' } };
}

/** Starts the provider with these keys and waits until it listens. */
async function startProvider(port: number, keys: SigningKey[]): Promise<ChildProcess> {
  const file = join(mkdtempSync(join(tmpdir(), 'oidc-')), 'jwks.json');
  writeFileSync(file, JSON.stringify({ keys: keys.map((k) => k.jwk) }));
  const child = spawn(process.execPath, [PROVIDER, String(port), file], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`the OpenID provider exited (${code})`)));
  });
  return child;
}

const stop = (child: ChildProcess) => new Promise((resolve) => (child.once('exit', resolve), child.kill()));

describe('tokens from the platform’s OpenID Connect provider', () => {
  let port: number;
  let issuer: string;
  let provider: ChildProcess;
  let k1: SigningKey;
  let t: TestApp;

  /** A real access token from the provider, by client credentials, for one test client (a person). */
  async function providerToken(client: 'admin-oidc' | 'learner-oidc' | 'board-oidc'): Promise<string> {
    const response = await fetch(`${issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: client, client_secret: `${client}-secret`, scope: 'exam' }),
    });
    const body = (await response.json()) as { access_token?: string };
    if (!body.access_token) throw new Error(`no token: ${JSON.stringify(body)}`);
    return body.access_token;
  }

  const call = (method: string, path: string, token: string, body?: unknown) =>
    t.api.call(method, path, {
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { rawBody: JSON.stringify(body) } : {}),
    });

  beforeAll(async () => {
    port = await freePort();
    issuer = `http://127.0.0.1:${port}`;
    k1 = await signingKey('k1');
    provider = await startProvider(port, [k1]);
    const env = {
      AUTH_JWKS_URL: `${issuer}/jwks`,
      AUTH_ISSUER: issuer,
      AUTH_AUDIENCE: AUDIENCE,
      AUTH_ROLE_CLAIM: 'realm_access.roles',
      AUTH_INSTITUTION_CLAIM: 'org',
      AUTH_JWKS_REFETCH_MS: '0',
    };
    Object.assign(process.env, env);
    try {
      t = await startTestApp({ withWorker: false });
    } finally {
      for (const name of Object.keys(env)) delete process.env[name];
    }
  });
  afterAll(async () => {
    await t.close();
    await stop(provider);
  });

  it('work on commands (admin), GraphQL (learner) and the audit API (exam board of its institution)', async () => {
    const admin = await providerToken('admin-oidc');
    const policy = await call('PUT', '/api/institutions/inst-1/policy', admin, {
      gradingScale: 'rating',
      resitsAllowed: true,
      earlyReleaseAllowed: false,
    });
    expect(policy).toMatchObject({ status: 200, body: { id: 'inst-1' } });

    const learner = await providerToken('learner-oidc');
    const graphql = await call('POST', '/graphql', learner, { query: '{ myExams { id } myAccess { active } }' });
    expect(graphql).toMatchObject({ status: 200, body: { data: { myExams: [], myAccess: { active: false } } } });
    expect(
      (
        await call('PUT', '/api/institutions/inst-1/policy', learner, {
          gradingScale: 'rating',
          resitsAllowed: true,
          earlyReleaseAllowed: false,
        })
      ).status,
    ).toBe(403);

    const board = await providerToken('board-oidc');
    const audit = await call('GET', '/api/audit/events?institutionId=inst-1', board);
    expect(audit.status).toBe(200);
    expect((await call('GET', '/api/audit/events?institutionId=inst-2', board)).status).toBe(403);
  });

  it('a token with a wrong issuer, audience or key is 401; HS256 tokens with the local secret still work', async () => {
    const sign = (key: KeyLike, kid: string, iss: string, aud: string) =>
      new SignJWT({ realm_access: { roles: ['admin'] } })
        .setProtectedHeader({ alg: 'RS256', kid })
        .setSubject('intruder')
        .setIssuer(iss)
        .setAudience(aud)
        .setExpirationTime('5m')
        .sign(key);
    const other = await signingKey('k1');
    const cases = {
      'right key, right claims (the control)': await sign(k1.privateKey, 'k1', issuer, AUDIENCE),
      'wrong issuer': await sign(k1.privateKey, 'k1', 'http://127.0.0.1:1', AUDIENCE),
      'wrong audience': await sign(k1.privateKey, 'k1', issuer, 'https://another.example/api'),
      'wrong key under the same kid': await sign(other.privateKey, 'k1', issuer, AUDIENCE),
    };
    const statuses = Object.fromEntries(
      await Promise.all(Object.entries(cases).map(async ([name, token]) => [name, (await call('GET', '/api/audit/events', token)).status])),
    );
    expect(statuses).toEqual({
      'right key, right claims (the control)': 200,
      'wrong issuer': 401,
      'wrong audience': 401,
      'wrong key under the same kid': 401,
    });
    expect((await t.api.call('GET', '/api/audit/events', { as: { role: 'admin', id: 'admin-1' } })).status).toBe(200);
  });

  it('picks up a rotated key on its unknown kid', async () => {
    await stop(provider);
    provider = await startProvider(port, [await signingKey('k2')]);
    const rotated = await providerToken('admin-oidc');
    expect(JSON.parse(Buffer.from(rotated.split('.')[0], 'base64url').toString())).toMatchObject({ kid: 'k2' });
    expect((await call('GET', '/api/audit/events', rotated)).status).toBe(200);
  });
});
