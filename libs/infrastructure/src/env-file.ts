import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Reads `.env` from the working directory into process.env, if there is one (`.env.example` lists
 * every variable). Node's own parser (process.loadEnvFile); variables already in the environment
 * win, so a deployment's settings are never overridden by a stray file. Called first by every entry point.
 */
export function loadDotEnv(path = resolve('.env')): boolean {
  if (!existsSync(path)) return false;
  process.loadEnvFile(path);
  return true;
}
