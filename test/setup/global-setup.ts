import { execFileSync } from 'node:child_process';
import { findBinary, startFerretDb, startRedis, StartedServer } from './servers';

/**
 * ARCHITECTURE.md, "Test tiers": every tier this machine can run. Where MONGO_URL / REDIS_URL are
 * not given but ferretdb / redis-server exist, start them on free loopback ports (stopped in
 * global-teardown); where neither exists, the tier's suites say they are skipped and why.
 */
export default async function globalSetup(): Promise<void> {
  // Process-level tests (kill -9, separate api/worker) run the built app, exactly as `npm start` does.
  execFileSync('npm', ['run', '-s', 'build'], { cwd: `${__dirname}/../..`, stdio: 'inherit' });

  const started: StartedServer[] = [];
  if (!process.env.MONGO_URL) {
    const ferretdb = findBinary('ferretdb');
    if (ferretdb) {
      const server = await startFerretDb(ferretdb);
      started.push(server);
      process.env.MONGO_URL = server.url;
      process.env.MONGO_ENGINE = 'ferretdb'; // suites that need MongoDB's atomicity skip on it, saying why
    } else process.env.MONGO_SKIP_REASON = 'MONGO_URL is not set and no ferretdb binary was found (.ci/run builds one)';
  }
  if (!process.env.REDIS_URL) {
    const redis = findBinary('redis-server');
    if (redis) {
      const server = await startRedis(redis);
      started.push(server);
      process.env.REDIS_URL = server.url;
    } else process.env.REDIS_SKIP_REASON = 'REDIS_URL is not set and no redis-server binary was found (apt-get install redis-server)';
  }
  (globalThis as { __servers?: StartedServer[] }).__servers = started;
}
