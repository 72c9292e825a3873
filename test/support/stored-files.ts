import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every regular file under `dir`, recursively (none when it does not exist). */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : entry.isFile() ? [path] : [];
  });
}

/** Every blob stored under DATA_DIR/files/blobs, sorted: to show that a refused upload stored nothing. */
export function storedFiles(dataDir: string): string[] {
  return filesUnder(join(dataDir, 'files', 'blobs')).sort();
}
