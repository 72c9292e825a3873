import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/*
 * STYLE.md: keep every call of @eventstore/db-client inside the adapter, so moving to its successor
 * @kurrent/kurrentdb-client is a one-folder change. This checks that no file elsewhere imports it.
 */
const ROOT = join(__dirname, '..', '..', '..', '..');
const ADAPTER_FOLDER = relative(ROOT, __dirname);
const CLIENTS = /(?:from\s+|require\(|import\()\s*['"](@eventstore\/db-client|@kurrent\/kurrentdb-client)(?:\/[^'"]*)?['"]/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name === 'node_modules' || name === 'dist') return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.[cm]?[jt]s$/.test(name) ? [path] : [];
  });
}

describe('the EventStoreDB client boundary', () => {
  it(`is imported only under ${ADAPTER_FOLDER}/`, () => {
    const importers = ['apps', 'libs', 'scripts', 'test']
      .flatMap((dir) => sourceFiles(join(ROOT, dir)))
      .filter((file) => CLIENTS.test(readFileSync(file, 'utf8')))
      .map((file) => relative(ROOT, file));

    expect(importers.length).toBeGreaterThan(0); // the check sees the adapter's own imports
    expect(importers.filter((file) => !file.startsWith(`${ADAPTER_FOLDER}/`))).toEqual([]);
  });
});
