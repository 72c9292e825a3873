import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../setup/servers';
import { ApiClient } from './api-client';
import { TEST_SECRET, UNLIMITED } from './test-app';

const ROOT = join(__dirname, '..', '..');

export interface ServerProcess {
  child: ChildProcess;
  dataDir: string;
  api: ApiClient;
  output: () => string;
  /** Standard output alone (the log lines; Node's own warnings go to standard error). */
  stdout: () => string;
  /** SIGKILL: no shutdown hook runs, nothing is flushed by us. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

/** The built app (`node dist/apps/api/src/main.js`, what `npm start` runs) as a real OS process. */
export async function startServerProcess(
  dataDir: string,
  args: string[] = [],
  extraEnv: Record<string, string> = {},
  /** Where it runs, and so which `.env` it reads: by default its data folder, so a developer's own .env stays out of tests. */
  cwd = dataDir,
): Promise<ServerProcess> {
  return startProcess('dist/apps/api/src/main.js', dataDir, args, extraEnv, true, cwd);
}

/**
 * One server process for a describe block, in a data folder of its own (removed after):
 * `const server = serverProcessForSuite('exam-metrics-')`, then `server()` in the tests.
 */
export function serverProcessForSuite(prefix: string, args: string[] = [], extraEnv: Record<string, string> = {}): () => ServerProcess {
  let server: ServerProcess | undefined;
  let dataDir: string | undefined;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), prefix));
    server = await startServerProcess(dataDir, args, extraEnv);
  });
  afterAll(async () => {
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  return () => {
    if (!server) throw new Error('the server process is not started yet (call it inside a test)');
    return server;
  };
}

/** The built worker (`npm run start:worker`): followers of the log, no HTTP. Resolves once it runs (leading or standing by). */
export async function startWorkerProcess(dataDir: string, extraEnv: Record<string, string> = {}): Promise<ServerProcess> {
  return startProcess('dist/apps/worker/src/main.js', dataDir, [], { LOG_LEVEL: 'log', ...extraEnv }, false);
}

async function startProcess(
  entry: string,
  dataDir: string,
  args: string[],
  extraEnv: Record<string, string>,
  http: boolean,
  cwd = dataDir,
): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, entry), ...args], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      AUTH_JWT_SECRET: TEST_SECRET,
      LOG_LEVEL: 'silent',
      MONGO_URL: '',
      REDIS_URL: '',
      EVENTSTORE_URL: '',
      RATE_LIMIT_PER_MINUTE: UNLIMITED,
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd,
  });
  let output = '';
  let stdout = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const api = new ApiClient(`http://127.0.0.1:${port}`, TEST_SECRET);
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early: ${output}`);
    const ready = !http
      ? /worker running/.test(output)
      : await fetch(`${api.baseUrl}/health/ready`).then(
          (r) => r.ok,
          () => false,
        );
    if (ready) break;
    if (Date.now() > deadline) throw new Error(`server not ready in time: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    dataDir,
    api,
    output: () => output,
    stdout: () => stdout,
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    /** SIGTERM, as an orchestrator stops it; a process that does not exit in time fails the test with its output. */
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), 10_000)));
      const hung = await Promise.race([exited.then(() => false), timedOut]);
      clearTimeout(timer);
      if (hung) {
        child.kill('SIGKILL');
        await exited;
        throw new Error(`server did not stop within 10 s of SIGTERM:\n${output}`);
      }
    },
  };
}
