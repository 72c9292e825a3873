/**
 * Mints a development token and prints only the token, so `TOKEN=$(npm run -s token -- --role coach --sub c1)`
 * captures it. Signs with AUTH_JWT_SECRET, or the development secret the embedded default uses.
 */
import { signToken } from '@exam/auth';
import { DEVELOPMENT_SECRET, loadDotEnv } from '@exam/infrastructure';
import { parseTokenOptions, TOKEN_USAGE } from './token/token-options';

async function main(): Promise<void> {
  loadDotEnv(); // the server's AUTH_JWT_SECRET may be in .env
  let options;
  try {
    options = parseTokenOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`token: ${(error as Error).message}\n${TOKEN_USAGE}`);
    process.exitCode = 2;
    return;
  }
  const now = Math.floor(Date.now() / 1000);
  const token = await signToken(
    {
      sub: options.sub,
      role: options.role,
      ...(options.institutionId ? { institutionId: options.institutionId } : {}),
      iat: now,
      exp: now + Math.round(options.hours * 3600),
    },
    process.env.AUTH_JWT_SECRET || DEVELOPMENT_SECRET,
  );
  process.stdout.write(`${token}\n`);
}

void main();
