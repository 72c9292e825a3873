/**
 * Starting the processes a bench figure (or a test) runs against: the built app and its baselines,
 * and FerretDB. Shared so the bench and test/setup/servers.ts start them one way.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** A built entry point (relative to the checkout) on a free port, once `ready(port)` says so. */
export async function start(entry: string, args: string[], env: Record<string, string>, ready: (port: number) => Promise<boolean>) {
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, entry), ...args.map((a) => a.replace('$PORT', String(port)))], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: process.env.BENCH_DEBUG ? 'inherit' : 'ignore',
  });
  for (let i = 0; i < 600 && !(await ready(port)); i++) await new Promise((r) => setTimeout(r, 50));
  return { child, url: `http://127.0.0.1:${port}` };
}

export const up = (path: string) => (port: number) =>
  fetch(`http://127.0.0.1:${port}${path}`).then(
    (r) => r.ok,
    () => false,
  );

/** The app as `npm start` runs it, on the bench's `env`, once it says it is ready. */
export const startApp = (env: Record<string, string>) => start('dist/apps/api/src/main.js', [], env, up('/health/ready'));

export const stopped = (child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });

/** Finds a server binary on the PATH or in the folders `.ci/run` installs to. */
export function findBinary(name: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    const gopath = process.env.GOPATH ?? join(homedir(), 'go');
    return [join(gopath, 'bin', name), `/usr/bin/${name}`, `/usr/local/bin/${name}`].find((p) => existsSync(p));
  }
}

export async function waitForPort(port: number, child: ChildProcess, name: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' }, () => (socket.end(), resolve(true)));
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`${name} did not listen on ${port} in time`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface StartedServer {
  url: string;
  stop(): void;
}

/** FerretDB 1.24 with its SQLite backend in a temp folder: a real MongoDB wire-protocol server. */
export async function startFerretDb(binary: string): Promise<StartedServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'ferretdb-'));
  const child = spawn(
    binary,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${dir}/`,
      `--listen-addr=127.0.0.1:${port}`,
      `--state-dir=${dir}`,
      '--telemetry=disable',
      '--log-level=error',
      '--debug-addr=-',
    ],
    { stdio: 'ignore', detached: false },
  );
  await waitForPort(port, child, 'ferretdb');
  return {
    url: `mongodb://127.0.0.1:${port}/exam_test`,
    stop: () => {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
