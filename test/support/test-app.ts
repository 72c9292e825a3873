import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../apps/api/src/app';
import { ApiClient } from './api-client';

export const TEST_SECRET = 'test-secret-of-at-least-16-chars';
/** The rate limit the suites run under unless they test it: they send thousands of requests as one person. */
export const UNLIMITED = '100000000';

export interface TestApp {
  app: NestFastifyApplication;
  api: ApiClient;
  dataDir: string;
  close(options?: { keepData?: boolean }): Promise<void>;
}

/** The real application (Fastify, SQLite, disk) in this process on a free port, with its own DATA_DIR. */
export async function startTestApp(
  options: {
    withWorker?: boolean;
    dataDir?: string;
    mongoUrl?: string;
    rateLimitPerMinute?: number;
    /** Read while the app is created (NODE_ENV, GRAPHQL_TIMEOUT_MS…), then set back. */
    env?: Record<string, string>;
  } = {},
): Promise<TestApp> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'exam-e2e-'));
  Object.assign(process.env, {
    DATA_DIR: dataDir,
    AUTH_JWT_SECRET: TEST_SECRET,
    LOG_LEVEL: 'silent',
    PORT: '0',
    RATE_LIMIT_PER_MINUTE: String(options.rateLimitPerMinute ?? UNLIMITED),
  });
  // The configuration is read while the app is created: set MONGO_URL for this app only.
  const overrides: Record<string, string | undefined> = { MONGO_URL: options.mongoUrl, ...options.env };
  const saved = Object.fromEntries(Object.keys(overrides).map((name) => [name, process.env[name]]));
  const setEnv = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  setEnv(overrides);
  let app: NestFastifyApplication;
  try {
    app = await createApp({ withWorker: options.withWorker ?? true });
  } finally {
    setEnv(saved);
  }
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    api: new ApiClient(`http://127.0.0.1:${address.port}`, TEST_SECRET),
    dataDir,
    async close({ keepData = false } = {}) {
      await app.close();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A database of its own on the shared test MongoDB server, so suites never see each other's documents. */
export function isolatedMongoUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6).toString(36)}`;
  return url.toString();
}
