import { CheckpointStore } from './checkpoint-store';
import { EventFollower, MAX_EVENTS_PER_CHECKPOINT } from './event-follower';
import { InMemoryEventStore } from './in-memory/in-memory-event-store';
import { NewEvent } from './event-store.port';

/** Remembers every checkpoint write, in order. */
class RecordingCheckpoints implements CheckpointStore {
  readonly saved: string[] = [];
  async load(): Promise<string | undefined> {
    return this.saved.at(-1);
  }
  async save(_name: string, position: string): Promise<void> {
    this.saved.push(position);
  }
  async reset(): Promise<void> {}
  async close(): Promise<void> {}
}

const event = (n: number): NewEvent => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  type: 'XpAwarded',
  data: { n },
  metadata: {
    actorId: 'a',
    actorRole: 'admin',
    occurredAt: '2025-01-01T00:00:00.000Z',
    correlationId: 'c',
    causationId: 'c',
    schemaVersion: 1,
  },
});

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
};

describe('the event follower’s checkpoints', () => {
  it('are written once per batch while catching up, and for the last event as soon as it is idle', async () => {
    const store = new InMemoryEventStore();
    const total = MAX_EVENTS_PER_CHECKPOINT * 2 + 10;
    for (let n = 0; n < total; n++) await store.append(`exam-${n}`, [event(n)], 'no_stream');
    const checkpoints = new RecordingCheckpoints();
    const handled: string[] = [];
    const follower = new EventFollower(store, checkpoints, { name: 'test', handle: async (e) => void handled.push(e.position) });
    follower.start();
    await until(() => checkpoints.saved.at(-1) === String(total));
    expect(handled).toHaveLength(total);
    expect(checkpoints.saved.length).toBeLessThanOrEqual(4);
    expect(checkpoints.saved.map(Number)).toEqual([...checkpoints.saved.map(Number)].sort((a, b) => a - b));

    await store.append('exam-live', [event(total)], 'no_stream'); // live: one event, checkpointed at once
    await until(() => checkpoints.saved.at(-1) === String(total + 1));
    expect(checkpoints.saved.at(-1)).toBe(String(total + 1));
    await follower.stop();
    await store.close();
  });

  it('never moves past an event whose handler fails: it is retried, not skipped', async () => {
    const store = new InMemoryEventStore();
    for (let n = 0; n < 3; n++) await store.append(`exam-${n}`, [event(n)], 'no_stream');
    const checkpoints = new RecordingCheckpoints();
    let failures = 0;
    const attempts: string[] = [];
    const follower = new EventFollower(store, checkpoints, {
      name: 'test',
      retryBaseMs: 1,
      handle: async (e) => {
        attempts.push(e.position);
        if (e.position === '2' && failures++ < 3) throw new Error('not yet');
      },
    });
    follower.start();
    await until(() => checkpoints.saved.at(-1) === '3');
    expect(attempts).toEqual(['1', '2', '2', '2', '2', '3']);
    await follower.stop();
    await store.close();
  });
});
