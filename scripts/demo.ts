/**
 * `npm run demo`: seeds the running server over HTTP (two institutions, a program, one learner at
 * every stage of the lifecycle), then prints a token per role and three requests to paste.
 * The server: `--url <base>`, else DEMO_URL, else http://127.0.0.1:3000.
 */
import { parseArgs } from 'node:util';
import { loadDotEnv } from '@exam/infrastructure';
import { DemoApi, DemoStepFailed, Person } from './demo/demo-api';
import { DemoCast, demoCast, seedDemo } from './demo/demo-lifecycle';

const USAGE = 'usage: npm run demo [-- --url http://127.0.0.1:3000]';

function baseUrl(argv: string[]): string {
  const { values } = parseArgs({ args: argv, strict: true, options: { url: { type: 'string' } } });
  const raw = values.url ?? process.env.DEMO_URL ?? 'http://127.0.0.1:3000';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`--url is not a URL: "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`--url must be http(s), got "${raw}"`);
  return url.origin;
}

async function tokenLines(api: DemoApi, cast: DemoCast): Promise<string[]> {
  const holders: [string, Person][] = [
    ['ADMIN_TOKEN', cast.admin],
    ['COACH_TOKEN', cast.coach],
    ['ASSESSOR_TOKEN', cast.assessor],
    ['EXAM_BOARD_TOKEN', cast.examBoard],
    ['LEARNER_TOKEN', cast.learners.released],
  ];
  const lines = [];
  for (const [name, person] of holders) lines.push(`export ${name}=${await api.token(person)}   # ${person.role} ${person.id}`);
  return lines;
}

function examples(url: string, cast: DemoCast): string[] {
  const released = cast.exams.released;
  return [
    `# 1. GraphQL: the learner's exams (${cast.learners.released.id}: released, free trial running)`,
    `curl -s ${url}/graphql -H "Authorization: Bearer $LEARNER_TOKEN" -H 'content-type: application/json' \\`,
    `  -d '{"query":"{ myExams { id status programTitle learner { displayName } coach { displayName } institutionName components { title indicativeMinutes } canHandIn } myAccess { active trialDaysLeft } }"}'`,
    '',
    '# 2. REST: the learner starts the released exam',
    `curl -s -X POST ${url}/api/exams/${released}/start -H "Authorization: Bearer $LEARNER_TOKEN" -H 'content-type: application/json' -d '{}'`,
    '',
    `# 3. Audit: the examination board verifies the hash chain of the passed exam (${cast.exams.passed})`,
    `curl -s ${url}/api/audit/exams/${cast.exams.passed}/verify -H "Authorization: Bearer $EXAM_BOARD_TOKEN"`,
  ];
}

async function main(): Promise<void> {
  loadDotEnv(); // the server's AUTH_JWT_SECRET may be in .env
  let url: string;
  try {
    url = baseUrl(process.argv.slice(2));
  } catch (error) {
    console.error(`demo: ${(error as Error).message}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const api = new DemoApi(url);
  const cast = demoCast(Date.now().toString(36));
  console.log(`Seeding ${url}:`);
  await seedDemo(api, cast, (line) => console.log(`  ${line}`));
  console.log(['', 'Tokens (valid 8 hours):', ...(await tokenLines(api, cast)), '', 'Try:', ...examples(url, cast), ''].join('\n'));
}

main().catch((error: unknown) => {
  console.error(error instanceof DemoStepFailed ? `demo: ${error.message}` : error);
  process.exitCode = 1;
});
