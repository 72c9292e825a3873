import { setTimeout as sleep } from 'node:timers/promises';
import { FileStore } from '@exam/file-store';
import { blobsOf, examsOf } from '@exam/projections';
import { ProofStore } from '@exam/proof-of-participation';
import { ReadModelStore } from '@exam/read-models';
import { PersonalDataVault } from './personal-data-vault';

export interface ErasureOutcome {
  filesDestroyed: number;
  /** Bytes another (not erased) learner uploaded too: theirs to keep. */
  filesKeptForOthers: number;
  examsWithProofsDestroyed: number;
}

/** The read side has applied every event up to a position (ReadSideProgress). */
export interface ReadSide {
  caughtUpTo(position: string): Promise<boolean>;
}

export class ErasurePending extends Error {
  constructor(position: string) {
    super(`the read models have not reached ${position} yet; the erasure's files and proofs are destroyed when they have`);
    this.name = 'ErasurePending';
  }
}

/**
 * What PersonalDataErased destroys besides the events' readability: the key first (names are
 * unreadable from that moment), then the person's uploaded bytes and rendered proofs. Which files
 * and proofs are theirs comes from the read models, so it waits until those have applied every
 * event before the erasure; then no upload of theirs is missed. Idempotent: the command runs it,
 * and a job following the event runs it again (a crash between the two loses nothing).
 */
export class PersonalDataEraser {
  constructor(
    private readonly vault: PersonalDataVault,
    private readonly files: FileStore,
    private readonly proofs: ProofStore,
    private readonly readModels: ReadModelStore,
    private readonly readSide: ReadSide,
    private readonly waitMs = 10_000,
  ) {}

  async complete(personId: string, erasedAt: string): Promise<ErasureOutcome> {
    await this.vault.erase(personId);
    await this.untilApplied(erasedAt);
    const exams = await examsOf(this.readModels, personId);
    for (const examId of exams) await this.proofs.destroyAll(examId);
    let filesDestroyed = 0;
    let filesKeptForOthers = 0;
    for (const { sha256, otherOwners } of await blobsOf(this.readModels, personId)) {
      if (await this.anyoneNotErased(otherOwners)) filesKeptForOthers++;
      else {
        await this.files.destroy(sha256);
        filesDestroyed++;
      }
    }
    return { filesDestroyed, filesKeptForOthers, examsWithProofsDestroyed: exams.length };
  }

  private async anyoneNotErased(people: string[]): Promise<boolean> {
    for (const id of people) if (!(await this.vault.isErased(id))) return true;
    return false;
  }

  private async untilApplied(position: string): Promise<void> {
    const deadline = Date.now() + this.waitMs;
    while (!(await this.readSide.caughtUpTo(position))) {
      if (Date.now() >= deadline) throw new ErasurePending(position);
      await sleep(25);
    }
  }
}
