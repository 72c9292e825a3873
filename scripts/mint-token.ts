/**
 * Mints a development token and prints only the token, so `TOKEN=$(npm run -s token -- --role coach --sub c1)`
 * captures it. Signs with AUTH_JWT_SECRET, or the development secret the embedded default uses.
 */
import { loadDotEnv } from '@exam/infrastructure';
import { mintToken } from './token/mint';
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
  process.stdout.write(`${await mintToken(options)}\n`);
}

void main();
