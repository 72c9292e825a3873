import { FileOwnersProjector } from './file-owners/file-owners.projector';
import { InstitutionsProjector, PeopleProjector } from './people/people.projector';
import { EventFollower, EventStore, FollowerHealth } from '@exam/event-store';
import { batchWriterFor, ReadModelStore } from '@exam/read-models';
import { AuditEventsProjector } from './audit/audit-events.projector';
import { ExamViewsProjector } from './exam-views/exam-views.projector';
import { LearnerAccessProjector } from './learner-access/learner-access.projector';
import { NotificationsProjector } from './notifications/notifications.projector';
import { ProgramsProjector } from './programs/programs.projector';
import { ProofVerificationsProjector } from './proofs/proof-verifications.projector';
import { project, Projector } from './projector';
import { ReadModelCheckpoints } from './read-model-checkpoints';
import { WriteBehind } from './rebuild/write-behind';

/** Version 1 keeps the name it had before projectors had versions. */
export const checkpointName = ({ name, version = 1 }: Pick<Projector, 'name' | 'version'>) =>
  `projection:${name}${version > 1 ? `:v${version}` : ''}`;

/**
 * A projector's set-up, and its earlier versions retired: their collections dropped and their
 * checkpoints reset together, so old code run again (a rollback) rebuilds them from the start
 * instead of resuming into an empty collection. The embedded store keeps an empty table under each
 * retired name (its drop re-creates the table); MongoDB drops the collection.
 */
async function setUp(projector: Projector, readModels: ReadModelStore, checkpoints: ReadModelCheckpoints): Promise<void> {
  await projector.setUp(readModels);
  for (const name of projector.retiredCollections ?? []) await readModels.collection(name).drop();
  for (let version = 1; version < (projector.version ?? 1); version++) {
    const earlier = checkpointName({ name: projector.name, version });
    if ((await checkpoints.load(earlier)) !== undefined) await checkpoints.reset(earlier);
  }
}

export function allProjectors(): Projector[] {
  return [
    new ExamViewsProjector(),
    new ProgramsProjector(),
    new LearnerAccessProjector(),
    new NotificationsProjector(),
    new AuditEventsProjector(),
    new PeopleProjector(),
    new InstitutionsProjector(),
    new FileOwnersProjector(),
    new ProofVerificationsProjector(),
  ];
}

/** Runs every projector as its own follower of the event log, each from its own checkpoint. */
export class ProjectionRuntime {
  readonly followers: EventFollower[];
  private readonly checkpoints: ReadModelCheckpoints;

  constructor(
    events: EventStore,
    private readonly readModels: ReadModelStore,
    readonly projectors: Projector[] = allProjectors(),
    log: (message: string) => void = () => undefined,
  ) {
    this.checkpoints = new ReadModelCheckpoints(readModels);
    this.followers = projectors.map(
      (projector) =>
        new EventFollower(events, this.checkpoints, {
          name: checkpointName(projector),
          handle: async (event) => project(projector, event, readModels),
          log,
        }),
    );
  }

  async start(): Promise<void> {
    for (const projector of this.projectors) await setUp(projector, this.readModels, this.checkpoints);
    for (const follower of this.followers) follower.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.followers.map((f) => f.stop()));
  }

  health(): FollowerHealth[] {
    return this.followers.map((f) => ({ ...f.health }));
  }
}

/**
 * Drops a projection's documents and checkpoint and rebuilds them from the whole log.
 * Run with the worker stopped (or accept that it re-applies idempotently from the new checkpoint).
 */
export function rebuildProjection(
  events: EventStore,
  readModels: ReadModelStore,
  projector: Projector,
  progress: (applied: number, position: string) => void = () => undefined,
  pageSize?: number,
): Promise<number> {
  return rebuildProjections(events, readModels, [projector], progress, pageSize);
}

/**
 * Rebuilds several projections in one pass over the log: each page is read and parsed once and
 * applied to every projector through a write-behind buffer (a document is read and written once
 * per batch, not once per event). Every `pagesPerWrite` pages, the documents they changed are
 * written with every projector's checkpoint as one batch, applied whole or not at all. The batch
 * is written while the next pages are applied (the embedded store writes on a thread of its own),
 * one batch at a time. Returns the log events read.
 *
 * Two pages per batch: a commit writes every database page its inserts touched, and inserts at
 * random points of an index (the audit trail's `stream` index) touch most of it each time, so a
 * batch of one page costs the writer more; larger batches leave the last one, written while
 * nothing else runs, longer, and the buffer holds every batch until it is written.
 */
export async function rebuildProjections(
  events: EventStore,
  readModels: ReadModelStore,
  projectors: Projector[],
  progress: (applied: number, position: string) => void = () => undefined,
  pageSize = 5000,
  pagesPerWrite = 2,
): Promise<number> {
  const checkpoints = new ReadModelCheckpoints(readModels);
  for (const projector of projectors) {
    for (const name of projector.collections) await readModels.collection(name).drop();
    await checkpoints.reset(checkpointName(projector));
    await setUp(projector, readModels, checkpoints);
  }
  const buffer = new WriteBehind(readModels, new Set(projectors.flatMap((p) => p.collections)));
  const writer = batchWriterFor(readModels);
  let written: Promise<void> = Promise.resolve();
  let after: string | undefined;
  let applied = 0;
  let more = true;
  try {
    while (more) {
      const before = applied;
      for (let pages = 0; more && pages < pagesPerWrite; pages++) {
        const page = await events.readAll({ after, limit: pageSize });
        for (const event of page) {
          for (const projector of projectors) {
            const applying = project(projector, event, buffer);
            if (applying) await applying;
          }
        }
        if (page.length > 0) after = page[page.length - 1].position;
        applied += page.length;
        more = page.length === pageSize;
      }
      await written; // the batch before is in the store: the buffer can let go of what it kept for it
      buffer.forget();
      const checkpoint = after;
      if (applied === before || !checkpoint) continue;
      const batch = [...buffer.flush(), ...projectors.map((p) => checkpoints.write(checkpointName(p), checkpoint))];
      const count = applied;
      written = writer.write(batch).then(() => progress(count, checkpoint));
      written.catch(() => undefined); // awaited above or below; until then its failure is not unhandled
    }
    await written;
  } finally {
    await writer.close();
  }
  return applied;
}

/** How far the read side is, from the checkpoints in the read-model store (any process can ask). */
export class ReadSideProgress {
  private readonly checkpoints: ReadModelCheckpoints;

  constructor(
    private readonly events: EventStore,
    readModels: ReadModelStore,
    private readonly projectors: Projector[] = allProjectors(),
  ) {
    this.checkpoints = new ReadModelCheckpoints(readModels);
  }

  /** True when every projector has applied everything up to `position` (read-your-writes). */
  async caughtUpTo(position: string): Promise<boolean> {
    for (const projector of this.projectors) {
      const at = await this.checkpoints.load(checkpointName(projector));
      if (!at || this.events.comparePositions(at, position) < 0) return false;
    }
    return true;
  }
}
