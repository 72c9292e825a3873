import { AppConfig } from './config';

const base = { AUTH_JWT_SECRET: 'test-secret-of-at-least-16-chars', DATA_DIR: '/tmp/x' };

describe('identity configuration (CONTRACT.md "Identity from the platform")', () => {
  it('reads the provider, its claim names and how often its keys may be refetched', () => {
    const config = new AppConfig({
      ...base,
      AUTH_JWKS_URL: 'https://id.example/jwks',
      AUTH_ISSUER: 'https://id.example',
      AUTH_AUDIENCE: 'exam-api',
      AUTH_ROLE_CLAIM: 'realm_access.roles',
      AUTH_INSTITUTION_CLAIM: 'org',
    });
    expect(config.oidc).toEqual({
      jwksUrl: 'https://id.example/jwks',
      issuer: 'https://id.example',
      audience: 'exam-api',
      refetchAfterMs: 30_000,
    });
    expect([config.roleClaim, config.institutionClaim]).toEqual(['realm_access.roles', 'org']);
  });

  it('defaults to role and institutionId, and no provider', () => {
    const config = new AppConfig(base);
    expect(config.oidc).toBeUndefined();
    expect([config.roleClaim, config.institutionClaim]).toEqual(['role', 'institutionId']);
  });

  it.each([
    [{ AUTH_JWKS_URL: 'https://id.example/jwks', AUTH_AUDIENCE: 'a' }, /AUTH_ISSUER is required/],
    [{ AUTH_JWKS_URL: 'https://id.example/jwks', AUTH_ISSUER: 'i' }, /AUTH_AUDIENCE is required/],
    [
      { AUTH_JWKS_URL: 'ftp://id.example/jwks', AUTH_ISSUER: 'i', AUTH_AUDIENCE: 'a' },
      /AUTH_JWKS_URL must start with https:\/\/ or http:\/\//,
    ],
  ])('refuses to start with %j', (env, message) => {
    expect(() => new AppConfig({ ...base, ...env })).toThrow(message);
  });
});

describe('store connection strings', () => {
  it.each([
    ['mongodb://localhost:27017/exam'],
    ['mongodb://u:p@a:27017,b:27017/exam?replicaSet=rs0'],
    ['mongodb+srv://cluster.example.net/exam?retryWrites=true'],
  ])('accepts MONGO_URL %s', (url) => {
    expect(new AppConfig({ ...base, MONGO_URL: url }).mongoUrl).toBe(url);
  });

  it.each([
    [{ MONGO_URL: 'mongodb://localhost:27017' }, /MONGO_URL must name the database/],
    [{ MONGO_URL: 'mongodb://localhost:27017/?replicaSet=rs0' }, /MONGO_URL must name the database/],
    [{ MONGO_URL: 'http://localhost:27017/exam' }, /MONGO_URL must start with mongodb:\/\//],
    [{ EVENTSTORE_URL: 'kurrentdb://localhost:2113?tls=false' }, /EVENTSTORE_URL must start with esdb:\/\/ or esdb\+discover:\/\//],
  ])('refuses to start with %j', (env, message) => {
    expect(() => new AppConfig({ ...base, ...env })).toThrow(message);
  });
});

describe('the proof of participation (CONTRACT.md "Proof of participation that anyone can verify")', () => {
  it('verifies at this host and port by default, and keeps the signing key under DATA_DIR', () => {
    const config = new AppConfig({ ...base, PORT: '4123' });
    expect(config.publicBaseUrl).toBe('http://127.0.0.1:4123');
    expect(config.issuerKeyFile).toBe('/tmp/x/issuer-key.jwk.json');
  });

  it('takes PUBLIC_BASE_URL (without a trailing slash) and ISSUER_KEY_FILE', () => {
    const config = new AppConfig({ ...base, PUBLIC_BASE_URL: 'https://exams.example.org/', ISSUER_KEY_FILE: '/keys/issuer.jwk' });
    expect(config.publicBaseUrl).toBe('https://exams.example.org');
    expect(config.issuerKeyFile).toBe('/keys/issuer.jwk');
  });

  it('refuses a PUBLIC_BASE_URL that is not an http(s) URL', () => {
    expect(() => new AppConfig({ ...base, PUBLIC_BASE_URL: 'exams.example.org' })).toThrow(/PUBLIC_BASE_URL is not a valid URL/);
    expect(() => new AppConfig({ ...base, PUBLIC_BASE_URL: 'ftp://exams.example.org' })).toThrow(/PUBLIC_BASE_URL must start with https/);
  });
});
