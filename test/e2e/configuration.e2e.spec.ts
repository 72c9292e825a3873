import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Issue "production stack": configuration is validated at start-up; a bad or unreachable URL fails fast, naming the variable. */
describe('start-up configuration', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'exam-config-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const start = (entry: string, env: Record<string, string>) => {
    const result = spawnSync(process.execPath, [join(ROOT, entry), ...(entry.includes('api') ? ['--api-only'] : [])], {
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        PORT: '0',
        AUTH_JWT_SECRET: 'a-secret-of-sixteen-chars',
        MONGO_URL: '',
        REDIS_URL: '',
        EVENTSTORE_URL: '',
        LOG_LEVEL: 'silent',
        ...env,
      },
      encoding: 'utf8',
      timeout: 20_000,
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  };

  it.each([
    ['MONGO_URL', 'http://localhost:27017', /MONGO_URL must start with mongodb:\/\//],
    ['EVENTSTORE_URL', 'not a url', /EVENTSTORE_URL is not a valid URL/],
    ['REDIS_URL', 'mongodb://x', /REDIS_URL must start with redis:\/\//],
    ['PORT', 'eighty', /PORT must be an integer/],
    ['AUTH_JWT_SECRET', 'short', /AUTH_JWT_SECRET must be at least 16 characters/],
  ])('refuses a malformed %s, naming it', (name, value, message) => {
    const result = start('dist/apps/api/src/main.js', { [name]: value });
    expect(result.status).toBe(1);
    expect(result.output).toMatch(message);
  });

  it('refuses an unreachable MongoDB within seconds, naming MONGO_URL (api and worker)', () => {
    for (const entry of ['dist/apps/api/src/main.js', 'dist/apps/worker/src/main.js']) {
      const result = start(entry, { MONGO_URL: 'mongodb://127.0.0.1:1/exam' });
      expect(result.status).toBe(1);
      expect(result.output).toMatch(/MONGO_URL: cannot reach MongoDB/);
    }
  });

  it('refuses an unreachable EventStoreDB (api) and Redis (worker), naming the variable', () => {
    const eventStore = start('dist/apps/api/src/main.js', { EVENTSTORE_URL: 'esdb://127.0.0.1:1?tls=false' });
    expect(eventStore.status).toBe(1);
    expect(eventStore.output).toMatch(/EVENTSTORE_URL: cannot reach EventStoreDB/);
    const redis = start('dist/apps/worker/src/main.js', { REDIS_URL: 'redis://127.0.0.1:1' });
    expect(redis.status).toBe(1);
    expect(redis.output).toMatch(/REDIS_URL: cannot reach Redis/);
  });

  it('refuses to start in production without a master key for personal data, and a malformed one anywhere', () => {
    // A DATA_DIR of its own: the others' starts generated a key in theirs, which would be used.
    const fresh = mkdtempSync(join(tmpdir(), 'exam-config-key-'));
    const missing = start('dist/apps/api/src/main.js', { NODE_ENV: 'production', DATA_KEY: '', DATA_KEY_FILE: '', DATA_DIR: fresh });
    rmSync(fresh, { recursive: true, force: true });
    expect(missing.status).toBe(1);
    expect(missing.output).toMatch(/DATA_KEY or DATA_KEY_FILE is required when NODE_ENV=production/);
    const short = start('dist/apps/api/src/main.js', { DATA_KEY: 'c2hvcnQ=' });
    expect(short.status).toBe(1);
    expect(short.output).toMatch(/DATA_KEY must hold a 32-byte key/);
    const absent = start('dist/apps/api/src/main.js', { DATA_KEY_FILE: join(dataDir, 'no-such-key') });
    expect(absent.status).toBe(1);
    expect(absent.output).toMatch(/DATA_KEY_FILE: .* does not exist/);
  });

  it('refuses to start in production without AUTH_JWT_SECRET', () => {
    const result = start('dist/apps/api/src/main.js', { NODE_ENV: 'production', AUTH_JWT_SECRET: '' });
    expect(result.status).toBe(1);
    expect(result.output).toMatch(/AUTH_JWT_SECRET is required/);
  });
});
