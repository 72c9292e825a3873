import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../setup/servers';
import { startServerProcess, startWorkerProcess } from '../support/server-process';
import { TEST_SECRET } from '../support/test-app';

/**
 * Issue 13: nest-cli.json is the build, not decoration. It names every app and lib, `nest build api`
 * and `nest build worker` (SWC) write the output `npm start`, `start:api` and `start:worker` run,
 * and that output starts; `nest start api --watch` serves and starts again on a change.
 */
const ROOT = join(__dirname, '..', '..');

interface NestProject {
  type: 'application' | 'library';
  root: string;
  sourceRoot: string;
  entryFile: string;
}

const nestCli = JSON.parse(readFileSync(join(ROOT, 'nest-cli.json'), 'utf8')) as {
  compilerOptions: { builder: { type: string } };
  projects: Record<string, NestProject>;
};

const folders = (dir: string) => readdirSync(join(ROOT, dir), { withFileTypes: true }).filter((e) => e.isDirectory());

describe('the Nest CLI', () => {
  it('lists every app and every lib, each with its entry file, and builds with SWC', () => {
    const projects = Object.values(nestCli.projects);
    const roots = (type: NestProject['type']) =>
      projects
        .filter((p) => p.type === type)
        .map((p) => p.root)
        .sort();
    expect(roots('application')).toEqual(folders('apps').map((e) => `apps/${e.name}`));
    expect(roots('library')).toEqual(folders('libs').map((e) => `libs/${e.name}`));
    for (const project of projects) {
      expect(statSync(join(ROOT, project.sourceRoot, `${project.entryFile}.ts`)).isFile()).toBe(true);
    }
    expect(nestCli.compilerOptions.builder.type).toBe('swc');
  });

  it.each(['worker', 'api'])(
    '`nest build %s` writes the built output that starts',
    async (app) => {
      const before = Date.now();
      const build = spawnSync(join(ROOT, 'node_modules', '.bin', 'nest'), ['build', app], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 120_000,
      });
      expect(`${build.stdout}${build.stderr}`).not.toMatch(/error/i);
      expect(build.status).toBe(0);
      // The api supervises the worker (npm start), so either build holds both entry files.
      for (const entry of ['dist/apps/api/src/main.js', 'dist/apps/worker/src/main.js']) {
        expect(statSync(join(ROOT, entry)).mtimeMs).toBeGreaterThanOrEqual(before - 1000);
      }
      const dataDir = mkdtempSync(join(tmpdir(), `exam-nest-build-${app}-`));
      try {
        const started = app === 'worker' ? await startWorkerProcess(dataDir) : await startServerProcess(dataDir, ['--api-only']);
        if (app === 'api') expect((await started.api.call('GET', '/health/ready')).status).toBe(200);
        else expect(started.output()).toMatch(/worker running/);
        await started.stop();
        expect(started.child.exitCode ?? started.child.signalCode).toBe(0);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    150_000,
  );

  it('`nest start api --watch` serves, and starts again when a source file changes', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'exam-nest-watch-'));
    const port = await freePort();
    // Its own process group, so the CLI, the api it starts and the worker the api supervises stop together.
    const cli = spawn(join(ROOT, 'node_modules', '.bin', 'nest'), ['start', 'api', '--watch'], {
      cwd: ROOT,
      detached: true,
      env: {
        ...process.env,
        LOG_LEVEL: 'log', // the worker says "worker running" each time it starts
        PORT: String(port),
        DATA_DIR: dataDir,
        AUTH_JWT_SECRET: TEST_SECRET,
        MONGO_URL: '',
        REDIS_URL: '',
        EVENTSTORE_URL: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    cli.stdout.on('data', (chunk) => (output += chunk));
    cli.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise((resolve) => cli.once('exit', resolve));
    const starts = () => output.match(/worker running/g)?.length ?? 0;
    const until = async (what: string, done: () => boolean | Promise<boolean>) => {
      for (const deadline = Date.now() + 60_000; !(await done()); await new Promise((r) => setTimeout(r, 200))) {
        if (Date.now() > deadline) throw new Error(`${what} did not happen within 60 s:\n${output}`);
      }
    };
    const live = () =>
      fetch(`http://127.0.0.1:${port}/health/live`).then(
        (r) => r.ok,
        () => false,
      );
    try {
      await until('the first start', async () => starts() === 1 && (await live()));
      const source = join(ROOT, 'apps/api/src/health/health.controller.ts');
      const now = new Date();
      utimesSync(source, now, now);
      await until('the restart after a change', async () => starts() === 2 && (await live()));
    } finally {
      if (cli.pid) process.kill(-cli.pid, 'SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 150_000);
});
