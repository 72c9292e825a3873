/**
 * Mints a development token: npm run token -- --role coach --sub c1 [--institution i1] [--hours 8]
 * Signs with AUTH_JWT_SECRET, or the development secret the embedded default uses.
 */
import { signToken } from '@exam/auth';
import { isRole } from '@exam/domain';
import { DEVELOPMENT_SECRET } from '@exam/infrastructure';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const role = arg('role');
const sub = arg('sub');
if (!isRole(role) || !sub) {
  console.error(
    'usage: npm run token -- --role <learner|coach|assessor|exam_board|admin> --sub <user id> [--institution <id>] [--hours <n>]',
  );
  process.exit(2);
}
const hours = Number(arg('hours') ?? 8);
const institutionId = arg('institution');
void signToken(
  {
    sub,
    role,
    ...(institutionId ? { institutionId } : {}),
    iat: Math.floor(Date.now() / 1000),
    exp: Math.floor(Date.now() / 1000) + hours * 3600,
  },
  process.env.AUTH_JWT_SECRET ?? DEVELOPMENT_SECRET,
).then((token) => console.log(token));
