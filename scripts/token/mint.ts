import { signToken } from '@exam/auth';
import { DEVELOPMENT_SECRET } from '@exam/infrastructure';
import { TokenOptions } from './token-options';

/** The secret the embedded server verifies with: AUTH_JWT_SECRET (from the environment or .env), else the development one. */
export function serverSecret(env: NodeJS.ProcessEnv = process.env): string {
  return env.AUTH_JWT_SECRET || DEVELOPMENT_SECRET;
}

/** A development token with our own claim names (CONTRACT.md "Authentication"). */
export function mintToken(options: TokenOptions, secret = serverSecret()): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return signToken(
    {
      sub: options.sub,
      role: options.role,
      ...(options.institutionId ? { institutionId: options.institutionId } : {}),
      iat: now,
      exp: now + Math.round(options.hours * 3600),
    },
    secret,
  );
}
