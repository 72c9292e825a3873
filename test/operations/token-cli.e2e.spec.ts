import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeJwt } from 'jose';
import { hs256Verifier } from '../../libs/auth/src';
import { TEST_SECRET } from '../support/test-app';

/** Issue 13: `TOKEN=$(npm run -s token -- …)` captures exactly a token; a mistyped command mints nothing. */
const ROOT = join(__dirname, '..', '..');
const run = promisify(execFile);

async function token(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npm', ['run', '-s', 'token', '--', ...args], {
      cwd: ROOT,
      env: { ...process.env, AUTH_JWT_SECRET: TEST_SECRET },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run -s token', () => {
  it('prints only a token the server accepts, with the role, subject, institution and lifetime asked for', async () => {
    const before = Math.floor(Date.now() / 1000);
    const answer = await token('--role', 'exam_board', '--sub', 'board-1', '--institution', 'inst-1', '--hours', '2');
    expect(answer.code).toBe(0);
    expect(answer.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const jwt = answer.stdout.trim();
    await expect(hs256Verifier(TEST_SECRET).verify(jwt)).resolves.toMatchObject({
      id: 'board-1',
      role: 'exam_board',
      institutionId: 'inst-1',
    });
    const { exp, iat } = decodeJwt(jwt);
    expect(iat).toBeGreaterThanOrEqual(before);
    expect(exp! - iat!).toBe(2 * 3600);
  });

  it.each([
    [['--role', 'admin', '--sub', 'a', '--hours', 'abc'], /--hours must be a number/],
    [['--role', 'admin', '--sub', 'a', '--hours', '0'], /--hours must be a number/],
    [['--role', 'admin', '--sub', 'a', '--hours', ''], /--hours must be a number/],
    [['--sub', '--role', 'admin'], /argument is ambiguous/],
    [['--role', 'admin'], /--sub \(the user id\) is required/],
    [['--role', 'root', '--sub', 'a'], /--role must be one of learner, coach, assessor, exam_board, admin, got "root"/],
    [['--sub', 'a'], /--role is required/],
    [['--role', 'admin', '--sub', 'a', '--institute', 'i1'], /Unknown option '--institute'/],
    [['--role', 'admin', '--sub', 'a', 'extra'], /unexpected argument "extra"/],
  ])('refuses %j with a message and exit code 2, printing no token', async (args, message) => {
    const answer = await token(...args);
    expect(answer.code).toBe(2);
    expect(answer.stdout).toBe('');
    expect(answer.stderr).toMatch(message);
    expect(answer.stderr).toMatch(/usage: npm run -s token --/);
  });
});
