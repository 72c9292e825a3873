import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * ARCHITECTURE.md, "Layers": dependencies point inward only. Checked on the import statements
 * of every source file, so a new file cannot slip past.
 */
const ROOT = join(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [
    ...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm),
    ...text.matchAll(/require\(['"]([^'"]+)['"]\)/g),
  ].map((m) => m[1]);
}

/** Where an import lands, as a path from the repo root ("libs/event-store/src/…"), or the package name. */
function target(file: string, specifier: string): string {
  if (specifier.startsWith('.')) return relative(ROOT, resolve(dirname(file), specifier));
  const alias = /^@exam\/([\w-]+)/.exec(specifier);
  if (alias) return `libs/${alias[1] === 'domain' ? 'exam-domain' : alias[1] === 'application' ? 'exam-application' : alias[1]}/src`;
  return specifier;
}

const violations = (dir: string, forbidden: (to: string) => boolean) =>
  sourceFiles(join(ROOT, dir)).flatMap((file) =>
    importsOf(file)
      .map((specifier) => target(file, specifier))
      .filter(forbidden)
      .map((to) => `${relative(ROOT, file)} imports ${to}`),
  );

describe('layer rules', () => {
  it('the domain imports nothing from Nest, adapters, other libs, apps or Node I/O', () => {
    const allowed = (to: string) => to.startsWith('libs/exam-domain/src');
    expect(violations('libs/exam-domain/src', (to) => !allowed(to) && !to.startsWith('libs/exam-domain/src/testing'))).toEqual([]);
  });

  it('the testing helpers of the domain stay out of its production code', () => {
    const files = sourceFiles(join(ROOT, 'libs/exam-domain/src')).filter((f) => !f.includes('/testing/'));
    const leaks = files.flatMap((file) =>
      importsOf(file)
        .filter((s) => s.includes('testing'))
        .map((s) => `${relative(ROOT, file)} imports ${s}`),
    );
    expect(leaks).toEqual([]);
  });

  it('libraries never import from apps', () => {
    expect(violations('libs', (to) => to.startsWith('apps/'))).toEqual([]);
  });

  it('libraries other than the application layer and the api never import Nest', () => {
    const nestFree = [
      'libs/exam-domain',
      'libs/event-store',
      'libs/file-store',
      'libs/auth',
      'libs/audit',
      'libs/exam-application',
      'libs/jobs',
      'libs/projections',
      'libs/read-models',
      'libs/personal-data',
      'libs/proof-of-participation',
    ];
    expect(nestFree.flatMap((dir) => violations(dir, (to) => to.startsWith('@nestjs/')))).toEqual([]);
  });

  it('apps never import another app (what both processes share lives in libs)', () => {
    const apps = readdirSync(join(ROOT, 'apps'));
    expect(apps.length).toBeGreaterThanOrEqual(2);
    for (const app of apps) {
      const others = apps.filter((a) => a !== app).map((a) => `apps/${a}`);
      expect(violations(`apps/${app}`, (to) => others.some((o) => to.startsWith(o)))).toEqual([]);
    }
  });

  it('the application layer imports only the domain, the audit chain and the event-store port (no adapter, no driver)', () => {
    const allowed = ['libs/exam-domain/src', 'libs/audit/src', 'libs/event-store/src', 'node:crypto'];
    const outside = violations('libs/exam-application/src', (to) => !to.startsWith('libs/exam-application/src') && !allowed.includes(to));
    expect(outside).toEqual([]);
    const adapters = sourceFiles(join(ROOT, 'libs/exam-application/src')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'@exam\/event-store'/g)]
        .flatMap((m) => m[1].split(',').map((name) => name.trim()))
        .filter((name) => /\w+EventStore$/.test(name) && name !== 'EventStore')
        .map((name) => `${relative(ROOT, file)} imports the adapter ${name}`),
    );
    expect(adapters).toEqual([]);
  });

  it('event-store adapters never import each other', () => {
    const adapters = readdirSync(join(ROOT, 'libs/event-store/src')).filter(
      (name) => statSync(join(ROOT, 'libs/event-store/src', name)).isDirectory() && !['support'].includes(name),
    );
    expect(adapters.length).toBeGreaterThanOrEqual(2);
    for (const adapter of adapters) {
      const others = adapters.filter((a) => a !== adapter).map((a) => `libs/event-store/src/${a}`);
      expect(violations(`libs/event-store/src/${adapter}`, (to) => others.some((o) => to.startsWith(o)))).toEqual([]);
    }
  });

  it('the rule checker itself sees imports (guards against a regex that matches nothing)', () => {
    expect(importsOf(join(ROOT, 'libs/exam-domain/src/exam/exam-decider.ts')).length).toBeGreaterThan(2);
  });
});
