import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BlobTooLarge, FileStore, HEAD_BYTES, PutBlob, StoredBlob } from './file-store.port';

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Counts and hashes bytes as they pass, keeps the first HEAD_BYTES, and aborts the pipeline once
 * past the limit. A limit decided by the first bytes applies as soon as they have passed.
 */
class HashingLimiter extends Transform {
  readonly hash = createHash('sha256');
  size = 0;
  private readonly headChunks: Buffer[] = [];
  private headSize = 0;
  private limit?: number;

  constructor(private readonly maxBytes: number | ((head: Buffer) => number)) {
    super();
    if (typeof maxBytes === 'number') this.limit = maxBytes;
  }

  get head(): Buffer {
    return Buffer.concat(this.headChunks).subarray(0, HEAD_BYTES);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.headSize < HEAD_BYTES) {
      this.headChunks.push(chunk);
      this.headSize += chunk.length;
    }
    if (this.limit === undefined && this.headSize >= HEAD_BYTES) this.limit = this.limitFor();
    if (this.limit !== undefined && this.size > this.limit) return done(new BlobTooLarge(this.limit));
    this.hash.update(chunk);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    this.limit ??= this.limitFor();
    done(this.size > this.limit ? new BlobTooLarge(this.limit) : null);
  }

  private limitFor(): number {
    return typeof this.maxBytes === 'number' ? this.maxBytes : this.maxBytes(this.head);
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

  constructor(
    root: string,
    /** Partial uploads untouched this long are left over from a crash (`kill -9` mid-upload); others may be in flight elsewhere. */
    private readonly staleAfterMs = 10 * 60_000,
  ) {
    this.blobsDir = join(root, 'blobs');
    this.tmpDir = join(root, 'incoming');
  }

  async init(): Promise<this> {
    await mkdir(this.blobsDir, { recursive: true });
    await mkdir(this.tmpDir, { recursive: true });
    await this.sweepIncoming();
    return this;
  }

  /** Removes partial uploads a crashed process left in incoming/ (several processes may share DATA_DIR: only stale ones). */
  async sweepIncoming(now = Date.now()): Promise<number> {
    let swept = 0;
    for (const name of await readdir(this.tmpDir)) {
      const path = join(this.tmpDir, name);
      const stale = await stat(path).then(
        (s) => now - s.mtimeMs >= this.staleAfterMs,
        () => false,
      );
      if (
        stale &&
        (await unlink(path).then(
          () => true,
          () => false,
        ))
      )
        swept++;
    }
    return swept;
  }

  private pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error('not a sha256');
    return join(this.blobsDir, sha256.slice(0, 2), sha256);
  }

  async put(content: Readable, maxBytes: number | ((head: Buffer) => number)): Promise<PutBlob> {
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
    const created = !(await this.exists(sha256));
    if (!created) await unlink(tmp);
    else {
      await rename(tmp, target);
      await fsyncPath(join(this.blobsDir, sha256.slice(0, 2))); // make the rename itself durable
    }
    return { sha256, size: limiter.size, created, head: limiter.head };
  }

  async discard(blob: PutBlob): Promise<void> {
    if (blob.created) await unlink(this.pathOf(blob.sha256)).catch(() => undefined);
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

  async destroy(sha256: string): Promise<void> {
    await unlink(this.pathOf(sha256)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
}
