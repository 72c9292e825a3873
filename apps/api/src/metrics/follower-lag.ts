import { CheckpointStore, EventStore, Position } from '@exam/event-store';

/** Counting stops here: a follower further behind shows this many (the age of its oldest unapplied event still says how far). */
export const LAG_EVENTS_COUNTED = 10_000;

export interface FollowerLag {
  follower: string;
  checkpoint?: Position;
  /** Events recorded after the checkpoint (at most LAG_EVENTS_COUNTED). */
  events: number;
  /** How long the oldest event not yet applied has waited; 0 when caught up. */
  seconds: number;
}

/**
 * Each follower's lag from what any process can read: its stored checkpoint against the log. So the
 * api reports the lag of followers running in another process (`npm start`'s child, a separate worker).
 */
export async function followerLags(
  store: EventStore,
  checkpoints: CheckpointStore,
  followers: string[],
  now = Date.now(),
): Promise<FollowerLag[]> {
  const head = await store.headPosition();
  return Promise.all(
    followers.map(async (follower): Promise<FollowerLag> => {
      const checkpoint = await checkpoints.load(follower);
      if (head === undefined || (checkpoint !== undefined && store.comparePositions(checkpoint, head) >= 0)) {
        return { follower, checkpoint, events: 0, seconds: 0 };
      }
      const behind = await store.readAll({ after: checkpoint, limit: LAG_EVENTS_COUNTED });
      const oldest = behind[0] ? Date.parse(behind[0].recordedAt) : now;
      return { follower, checkpoint, events: behind.length, seconds: Math.max(0, (now - oldest) / 1000) };
    }),
  );
}

/** A position as a gauge's number: the SQLite log's sequence, EventStoreDB's commit position (its leading digits). */
export function positionNumber(position: Position | undefined): number {
  if (position === undefined) return 0;
  const digits = /^\d+/.exec(position);
  return digits ? Number(digits[0]) : 0;
}
