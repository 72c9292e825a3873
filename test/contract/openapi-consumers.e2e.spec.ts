import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The committed openapi.json (kept equal to the served document by openapi.e2e.spec.ts) as the
 * tools clients use read it: Redocly's linter finds nothing (its recommended rules, less what
 * .redocly.lint-ignore.yaml names and explains), and a client generated with openapi-typescript
 * type-checks a command and its error branch, with `error.code` typed as the enum of codes.
 */
const ROOT = join(__dirname, '..', '..');
const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name);
// No network here: no telemetry, no update check.
const QUIET = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };

function run(command: string, args: string[], cwd = ROOT) {
  const result = spawnSync(command, args, { cwd, env: QUIET, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

/** A learner app's code against the generated types: what must compile, and what must not. */
const CLIENT = `
import createClient from 'openapi-fetch';
import type { components, paths } from './openapi';

type ErrorCode = components['schemas']['ErrorBody']['code'];
const client = createClient<paths>({ baseUrl: 'http://127.0.0.1:3000' });

export async function handIn(examId: string, idempotencyKey: string): Promise<string> {
  const { data, error } = await client.POST('/api/exams/{id}/hand-in', {
    params: { path: { id: examId }, header: { 'Idempotency-Key': idempotencyKey } },
    body: {},
  });
  if (error) {
    const code: ErrorCode = error.code;
    switch (code) {
      case 'NO_FILES':
        return 'upload a file first';
      case 'ALREADY_HANDED_IN':
        return 'handed in already';
      default:
        return \`\${error.statusCode} \${code}: \${error.message}\`;
    }
  }
  return data.position;
}

export async function proof(examId: string): Promise<Blob | undefined> {
  const { data } = await client.GET('/api/exams/{id}/proof-of-participation', { params: { path: { id: examId } }, parseAs: 'blob' });
  return data;
}

// @ts-expect-error a code the server never answers is not an ErrorCode (it would be, were code a plain string)
export const notACode: ErrorCode = 'NOT_A_CODE';

// @ts-expect-error the exam id is required
export const missingId = () => client.POST('/api/exams/{id}/hand-in', { params: { path: {} }, body: {} });

// @ts-expect-error no such route
export const noRoute = () => client.POST('/api/exams/{id}/hand-over', { params: { path: { id: 'e' } } });
`;

describe('openapi.json as client tools read it', () => {
  it('passes `redocly lint` (recommended rules)', () => {
    const lint = run(bin('redocly'), ['lint', 'openapi.json']);
    expect(lint.output).toContain('Your API description is valid');
    expect(lint.output).not.toMatch(/You have \d+ warning/);
    expect(lint.status).toBe(0);
  }, 120_000);

  it('generates, with openapi-typescript, types under which a typed client compiles, error codes as an enum', () => {
    mkdirSync(join(ROOT, '.tmp'), { recursive: true });
    // Inside the repository, so the generated client resolves openapi-fetch from its node_modules.
    const dir = mkdtempSync(join(ROOT, '.tmp', 'openapi-client-'));
    try {
      const generated = run(bin('openapi-typescript'), ['openapi.json', '-o', join(dir, 'openapi.d.ts')]);
      expect(generated.status).toBe(0);
      writeFileSync(join(dir, 'client.ts'), CLIENT);
      const tsc = run(
        bin('tsc'),
        [
          '--noEmit',
          '--strict',
          '--target',
          'es2022',
          '--module',
          'nodenext',
          '--moduleResolution',
          'nodenext',
          '--lib',
          'es2022,dom',
          'client.ts',
        ],
        dir,
      );
      expect(tsc.output.trim()).toBe('');
      expect(tsc.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
