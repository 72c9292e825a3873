import { Readable } from 'node:stream';

/** A stored blob, named by its content (ARCHITECTURE.md: content-addressed by sha256). */
export interface StoredBlob {
  sha256: string;
  size: number;
}

/** What a put stored: the blob, whether this put created it (the bytes were new), and its first bytes. */
export interface PutBlob extends StoredBlob {
  created: boolean;
  /** The first HEAD_BYTES bytes (fewer for a shorter file): enough to tell its type by its content. */
  head: Buffer;
}

/** How many leading bytes `put` keeps for sniffing the content type. */
export const HEAD_BYTES = 4100;

export interface FileStore {
  /**
   * Streams `content` to durable storage while hashing it; never holds the whole file in memory.
   * `maxBytes` is a number, or decided from the first bytes (a video is held to a smaller limit).
   * Over it, it stops reading, removes what it wrote and throws BlobTooLarge: nothing is kept.
   */
  put(content: Readable, maxBytes: number | ((head: Buffer) => number)): Promise<PutBlob>;
  /**
   * Removes a blob this process just created whose event was never written (a refused upload).
   * Only for `created` blobs: bytes that were already there belong to a recorded upload.
   */
  discard(blob: PutBlob): Promise<void>;
  /** Re-reads the stored bytes: true only when they exist, have this size and hash to this sha256. */
  verify(blob: StoredBlob): Promise<boolean>;
  open(sha256: string): Readable;
  /** Destroys the bytes for good (erasure of the only person who uploaded them). Idempotent. */
  destroy(sha256: string): Promise<void>;
  exists(sha256: string): Promise<boolean>;
}

export class BlobTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`content exceeds ${maxBytes} bytes`);
    this.name = 'BlobTooLarge';
  }
}
