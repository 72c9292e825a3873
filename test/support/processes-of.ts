import { readdirSync, readFileSync } from 'node:fs';

/**
 * Every live process whose environment has `DATA_DIR=<dataDir>` (Linux /proc): the node processes a
 * test started through npm, however deep, without trusting npm to report its children.
 */
export function processesWithDataDir(dataDir: string): number[] {
  const marker = `DATA_DIR=${dataDir}\0`;
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
        return state !== 'Z' && `${readFileSync(`/proc/${pid}/environ`, 'latin1')}\0`.includes(marker);
      } catch {
        return false; // gone meanwhile, or not ours to read
      }
    })
    .map(Number);
}

/** The command line of a process, for failure messages. */
export function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
  } catch {
    return '(gone)';
  }
}
