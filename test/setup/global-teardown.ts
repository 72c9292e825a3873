import { StartedServer } from './servers';

export default async function globalTeardown(): Promise<void> {
  for (const server of (globalThis as { __servers?: StartedServer[] }).__servers ?? []) server.stop();
}
