import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every blob stored under DATA_DIR/files/blobs, sorted: to show that a refused upload stored nothing. */
export function storedFiles(dataDir: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else found.push(path);
    }
  };
  walk(join(dataDir, 'files', 'blobs'));
  return found.sort();
}
