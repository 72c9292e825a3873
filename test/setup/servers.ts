import { spawn } from 'node:child_process';
import { freePort, StartedServer, waitForPort } from '../../scripts/bench-processes';

// The bench starts these servers too; one copy, in scripts/ because the build compiles scripts/, not test/.
export { findBinary, freePort, startFerretDb } from '../../scripts/bench-processes';
export type { StartedServer } from '../../scripts/bench-processes';

export async function startRedis(binary: string): Promise<StartedServer> {
  const port = await freePort();
  const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await waitForPort(port, child, 'redis-server');
  return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill('SIGKILL') };
}
