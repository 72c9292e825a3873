import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess, startWorkerProcess } from '../support/server-process';

/**
 * Issue 13: nest-cli.json is the build, not decoration. It names every app and lib, `nest build api`
 * and `nest build worker` (SWC) write the output `npm start`, `start:api` and `start:worker` run,
 * and that output starts.
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
});
