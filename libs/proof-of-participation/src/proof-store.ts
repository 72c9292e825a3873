import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';

/** Rendered proofs of participation, one PDF per exam attempt, under DATA_DIR/proofs. */
export class ProofStore {
  constructor(private readonly root: string) {}

  private path(examId: string, attempt: number): string {
    return join(this.root, encodeURIComponent(examId), `attempt-${attempt}.pdf`);
  }

  /** Written to a temp file, fsynced and renamed: a reader sees the whole PDF or none. */
  async save(examId: string, attempt: number, pdf: Buffer): Promise<void> {
    const target = this.path(examId, attempt);
    await mkdir(join(this.root, encodeURIComponent(examId)), { recursive: true });
    const tmp = `${target}.${randomUUID()}.tmp`;
    const handle = await open(tmp, 'wx');
    try {
      await handle.writeFile(pdf);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, target);
  }

  async exists(examId: string, attempt: number): Promise<boolean> {
    return stat(this.path(examId, attempt)).then(
      () => true,
      () => false,
    );
  }

  open(examId: string, attempt: number): Readable {
    return createReadStream(this.path(examId, attempt));
  }

  /** Every rendered proof of this exam (erasure of its learner, CONTRACT.md "People and personal data"). Idempotent. */
  async destroyAll(examId: string): Promise<void> {
    await rm(join(this.root, encodeURIComponent(examId)), { recursive: true, force: true });
  }
}
