import { execFileSync } from 'node:child_process';

/** Process-level tests (kill -9, separate api/worker) run the built app, exactly as `npm start` does. */
export default async function globalSetup(): Promise<void> {
  execFileSync('npm', ['run', '-s', 'build'], { cwd: `${__dirname}/../..`, stdio: 'inherit' });
}
