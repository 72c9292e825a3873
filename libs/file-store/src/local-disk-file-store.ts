import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BlobTooLarge, FileStore, StoredBlob } from './file-store.port';

const SHA256 = /^[0-9a-f]{64}$/;

/** Counts and hashes bytes as they pass; aborts the pipeline once past the limit. */
class HashingLimiter extends Transform {
  readonly hash = createHash('sha256');
  size = 0;
  constructor(private readonly maxBytes: number) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) return done(new BlobTooLarge(this.maxBytes));
    this.hash.update(chunk);
    done(null, chunk);
  }
}

async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Local disk under DATA_DIR/files: blobs at `<aa>/<sha256>`, written to a temp file, fsynced, then renamed. */
export class LocalDiskFileStore implements FileStore {
  private readonly blobsDir: string;
  private readonly tmpDir: string;

  constructor(root: string) {
    this.blobsDir = join(root, 'blobs');
    this.tmpDir = join(root, 'incoming');
  }

  async init(): Promise<this> {
    await mkdir(this.blobsDir, { recursive: true });
    await mkdir(this.tmpDir, { recursive: true });
    return this;
  }

  private pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error('not a sha256');
    return join(this.blobsDir, sha256.slice(0, 2), sha256);
  }

  async put(content: Readable, maxBytes: number): Promise<StoredBlob> {
    const tmp = join(this.tmpDir, randomUUID());
    const limiter = new HashingLimiter(maxBytes);
    try {
      await pipeline(content, limiter, createWriteStream(tmp, { flags: 'wx' }));
      await fsyncPath(tmp);
    } catch (error) {
      content.resume(); // drain the rest of the request so the client gets its answer
      await unlink(tmp).catch(() => undefined);
      throw error;
    }
    const sha256 = limiter.hash.digest('hex');
    const target = this.pathOf(sha256);
    await mkdir(join(this.blobsDir, sha256.slice(0, 2)), { recursive: true });
    // Same content already stored: keep the first copy (content addressing makes them equal).
    if (await this.exists(sha256)) await unlink(tmp);
    else {
      await rename(tmp, target);
      await fsyncPath(join(this.blobsDir, sha256.slice(0, 2))); // make the rename itself durable
    }
    return { sha256, size: limiter.size };
  }

  async verify(blob: StoredBlob): Promise<boolean> {
    try {
      const path = this.pathOf(blob.sha256);
      if ((await stat(path)).size !== blob.size) return false;
      const hash = createHash('sha256');
      await pipeline(createReadStream(path), hash);
      return hash.digest('hex') === blob.sha256;
    } catch {
      return false;
    }
  }

  open(sha256: string): Readable {
    return createReadStream(this.pathOf(sha256));
  }

  async exists(sha256: string): Promise<boolean> {
    return stat(this.pathOf(sha256)).then(
      () => true,
      () => false,
    );
  }
}
