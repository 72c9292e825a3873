/**
 * Schemathesis (PyPI; `.ci/run` installs it) against the served OpenAPI document, as an admin and as
 * a learner: fails on any 5xx, an undocumented status, a response that breaks its schema or content
 * type, or schema-violating input that is accepted. Skipped, saying why, where `schemathesis` is not
 * installed. Its coverage phase is left out: Schemathesis 4.32 crashes inside it on one operation
 * (a Hypothesis AST error, its bug, not an answer of ours); examples, fuzzing and stateful phases run.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBinary } from '../setup/servers';
import { ServerProcess, startServerProcess } from '../support/server-process';

const schemathesis = findBinary('schemathesis');
const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
  'negative_data_rejection',
];

(schemathesis ? describe : describe.skip)('Schemathesis against the OpenAPI document', () => {
  let dataDir: string;
  let server: ServerProcess;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'exam-schemathesis-'));
    server = await startServerProcess(dataDir);
  });
  afterAll(async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([
    ['an admin', { role: 'admin' as const, id: 'admin-1' }],
    ['a learner', { role: 'learner' as const, id: 'learner-1' }],
  ])(
    'finds nothing as %s',
    async (_, who) => {
      const run = spawnSync(
        schemathesis!,
        [
          'run',
          `${server.api.baseUrl}/api/docs/openapi.json`,
          '--header',
          `Authorization: Bearer ${await server.api.token(who)}`,
          '--checks',
          CHECKS.join(','),
          '--phases',
          'examples,fuzzing,stateful',
          '--max-examples',
          '30',
          '--generation-deterministic',
          '--no-color',
        ],
        { encoding: 'utf8', cwd: dataDir, timeout: 240_000 },
      );
      if (run.status !== 0) throw new Error(`schemathesis found failures:\n${run.stdout}\n${run.stderr}`);
      expect(run.stdout).toMatch(/passed/);
    },
    300_000,
  );
});

if (!schemathesis) console.log('Schemathesis tier skipped: `schemathesis` is not installed (.ci/run installs it from PyPI)');
