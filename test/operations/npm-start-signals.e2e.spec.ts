import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../setup/servers';
import { until } from '../support/event-log';
import { commandOf, processesWithDataDir } from '../support/processes-of';
import { TEST_SECRET } from '../support/test-app';

/** Issue 13: SIGTERM to `npm start` (what a terminal's Ctrl-C or a process manager sends) reaches node. */
const ROOT = join(__dirname, '..', '..');

describe.each(['start', 'start:api', 'start:worker'])('SIGTERM to `npm run %s`', (script) => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'exam-signals-'))));
  afterEach(() => {
    for (const pid of processesWithDataDir(dataDir)) process.kill(pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stops every node process it started and frees the port', async () => {
    const port = await freePort();
    const npm = spawn('npm', ['run', '-s', script], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), AUTH_JWT_SECRET: TEST_SECRET, LOG_LEVEL: 'log' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    npm.stdout.on('data', (chunk) => (output += chunk));
    npm.stderr.on('data', (chunk) => (output += chunk));
    const npmExited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
    const http = script !== 'start:worker';
    // npm start: the api and its supervised worker; start:api and start:worker: one node each.
    const expected = script === 'start' ? 2 : 1;
    await until(async () => {
      const nodes = processesWithDataDir(dataDir).filter((pid) => /dist\/apps\//.test(commandOf(pid)));
      if (nodes.length < expected) return undefined;
      if (!http) return /worker running/.test(output) || undefined;
      return (
        (await fetch(`http://127.0.0.1:${port}/health/ready`).then(
          (r) => r.ok,
          () => false,
        )) || undefined
      );
    }, 20_000);
    const started = processesWithDataDir(dataDir);

    npm.kill('SIGTERM');
    await npmExited;
    const left = await until(async () => (processesWithDataDir(dataDir).length === 0 ? [] : undefined), 12_000).catch(() =>
      processesWithDataDir(dataDir).map(commandOf),
    );
    expect(left).toEqual([]);
    expect(started.length).toBeGreaterThanOrEqual(expected);
    if (http) await expect(fetch(`http://127.0.0.1:${port}/health/live`)).rejects.toThrow();
  }, 40_000);
});
