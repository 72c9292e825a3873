import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess } from '../support/server-process';

const ROOT = join(__dirname, '..', '..');

/** Every variable the app's own code reads from the environment (tests and test-only flags aside). */
function variablesReadByTheApp(): Set<string> {
  const names = new Set<string>();
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) {
        if (entry !== 'testing' && entry !== 'node_modules') visit(path);
      } else if (entry.endsWith('.ts') && !entry.endsWith('.spec.ts') && !entry.endsWith('.contract.ts')) {
        const source = readFileSync(path, 'utf8');
        for (const match of source.matchAll(/\benv\.([A-Z][A-Z0-9_]+)|\b(?:integer|url)\(env, '([A-Z][A-Z0-9_]+)'/g))
          names.add(match[1] ?? match[2]);
      }
    }
  };
  visit(join(ROOT, 'apps'));
  visit(join(ROOT, 'libs'));
  names.delete('JEST_WORKER_ID'); // set by jest, never by a person
  return names;
}

const exampleVariables = () =>
  new Set(
    readFileSync(join(ROOT, '.env.example'), 'utf8')
      .split('\n')
      .map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
      .filter((name): name is string => name !== undefined),
  );

describe('.env and .env.example', () => {
  it('.env.example names every variable the app reads, and only those', () => {
    const read = variablesReadByTheApp();
    expect(read.size).toBeGreaterThan(20);
    expect([...exampleVariables()].sort()).toEqual([...read].sort());
  });

  const withFolder = async (run: (folder: string) => Promise<void>) => {
    const folder = mkdtempSync(join(tmpdir(), 'exam-env-'));
    try {
      await run(folder);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  };
  const metricsStatus = async (folder: string, env: Record<string, string> = {}) => {
    const server = await startServerProcess(join(folder, 'data'), ['--api-only'], env, folder);
    try {
      return (await fetch(`${server.api.baseUrl}/metrics`)).status;
    } finally {
      await server.stop();
    }
  };

  it('starts with no .env, and with .env.example copied as it is (its empty values are the defaults)', async () => {
    await withFolder(async (folder) => {
      expect(await metricsStatus(folder)).toBe(200);
      copyFileSync(join(ROOT, '.env.example'), join(folder, '.env'));
      expect(await metricsStatus(folder)).toBe(200);
    });
  });

  it('reads .env at start-up, and the environment wins over it', async () => {
    await withFolder(async (folder) => {
      writeFileSync(join(folder, '.env'), '# switched off for this test\nMETRICS=off\n');
      expect(await metricsStatus(folder)).toBe(404);
      expect(await metricsStatus(folder, { METRICS: 'on' })).toBe(200);
    });
  });
});
