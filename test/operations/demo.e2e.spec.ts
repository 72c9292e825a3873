import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { examAs, graphql } from '../support/graphql';
import { admin } from '../support/people';
import { serverProcessForSuite } from '../support/server-process';
import { TEST_SECRET } from '../support/test-app';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

/**
 * Issue 13: `npm run demo` seeds the running server (as `npm start` runs it) over HTTP, then prints
 * a token per role and three requests that work when pasted into a shell as printed.
 */
describe('npm run demo against the real server process', () => {
  const server = serverProcessForSuite('exam-demo-');

  const demo = (args: string[]) =>
    run('npm', ['run', '-s', 'demo', '--', ...args], { cwd: ROOT, env: { ...process.env, AUTH_JWT_SECRET: TEST_SECRET } });

  it('seeds a learner at every stage, and its printed tokens and examples work as pasted', async () => {
    const { stdout } = await demo(['--url', server().api.baseUrl]);
    const seeded = Object.fromEntries([...stdout.matchAll(/^ {2}(exam-\S+) {2}(learner-\S+) {2}(\w+)$/gm)].map((m) => [m[3], m[1]]));
    expect(Object.keys(seeded).sort()).toEqual(['failedResitRequested', 'handedIn', 'passed', 'released', 'sampleRejected']);

    const status = async (examId: string) => {
      for (let tries = 0; tries < 50; tries++) {
        const exam = await examAs(server().api, admin, examId);
        if (exam) return exam;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`${examId} never showed in the read models`);
    };
    expect(await status(seeded.sampleRejected)).toMatchObject({ status: 'SAMPLE_REJECTED', sample: { outcome: 'rejected' } });
    expect(await status(seeded.released)).toMatchObject({ status: 'RELEASED' });
    expect(await status(seeded.handedIn)).toMatchObject({ status: 'HANDED_IN', assessorId: 'assessor-eva' });
    expect(await status(seeded.passed)).toMatchObject({ status: 'PASSED', assessment: { numeric: 7.5, passed: true } });
    expect(await status(seeded.failedResitRequested)).toMatchObject({ status: 'FAILED', assessment: { rating: 'UNSATISFACTORY' } });
    const requests = await graphql(server().api, admin, '{ reopenRequests(status: "open") { examId reason } }');
    expect(requests.body.data.reopenRequests).toContainEqual({ examId: seeded.failedResitRequested, reason: 'resit' });

    // The printed lines, pasted into a shell: tokens exported, then the three examples.
    const exports = stdout.split('\n').filter((line) => line.startsWith('export '));
    expect(exports.map((line) => /# (\w+)/.exec(line)?.[1]).sort()).toEqual(['admin', 'assessor', 'coach', 'exam_board', 'learner']);
    const examples = stdout
      .slice(stdout.indexOf('\nTry:\n') + 6)
      .trim()
      .split('\n\n')
      .map((block) => `${exports.join('\n')}\n${block}`);
    expect(examples).toHaveLength(3);
    const answers = [];
    for (const script of examples) answers.push(JSON.parse((await run('bash', ['-c', script])).stdout));
    expect(answers[0].data.myExams).toEqual([
      expect.objectContaining({
        id: seeded.released,
        status: 'RELEASED',
        learner: { displayName: 'Anna Kowalczyk' },
        coach: { displayName: 'Carla Janssen' },
        institutionName: 'Demo University of Applied Sciences',
      }),
    ]);
    expect(answers[0].data.myAccess).toMatchObject({ active: true });
    expect(answers[1]).toMatchObject({ id: seeded.released });
    expect(answers[2]).toMatchObject({ valid: true });
  });

  it('runs again on the same server (ids carry the run), and says why when the server is not there', async () => {
    await expect(demo(['--url', server().api.baseUrl])).resolves.toBeDefined();
    await expect(demo(['--url', 'http://127.0.0.1:1'])).rejects.toMatchObject({
      stderr: expect.stringMatching(/cannot reach .*npm start/),
    });
    await expect(demo(['--url', 'not a url'])).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/--url is not a URL/) });
  });
});
