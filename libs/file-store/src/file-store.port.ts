import { Readable } from 'node:stream';

/** A stored blob, named by its content (ARCHITECTURE.md: content-addressed by sha256). */
export interface StoredBlob {
  sha256: string;
  size: number;
}

export interface FileStore {
  /**
   * Streams `content` to durable storage while hashing it; never holds the whole file in memory.
   * Over `maxBytes` it stops reading, removes what it wrote and throws BlobTooLarge: nothing is kept.
   */
  put(content: Readable, maxBytes: number): Promise<StoredBlob>;
  /** Re-reads the stored bytes: true only when they exist, have this size and hash to this sha256. */
  verify(blob: StoredBlob): Promise<boolean>;
  open(sha256: string): Readable;
  exists(sha256: string): Promise<boolean>;
}

export class BlobTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`content exceeds ${maxBytes} bytes`);
    this.name = 'BlobTooLarge';
  }
}
