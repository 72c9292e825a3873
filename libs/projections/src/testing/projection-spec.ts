/**
 * emmett-style projection specs, in milliseconds on the real embedded store (SQLite in memory):
 *
 *   projectionSpec(new ExamViewsProjector()).given(events).then(async (store) => expect(...))
 *
 * Every `given` event is applied twice in a row (delivery is at-least-once), so every spec also
 * proves the projection idempotent. Test-only code.
 */
import { DomainEvent } from '@exam/domain';
import { EventMetadata, RecordedEvent } from '@exam/event-store';
import { ReadModelStore, SqliteReadModelStore } from '@exam/read-models';
import { project, Projector } from '../projector';

/** Builds recorded events the way the log would hand them over: stream revisions and global positions in order. */
export class EventLog {
  private position = 0;
  private readonly revisions = new Map<string, number>();

  record(stream: string, event: DomainEvent, metadata: Partial<EventMetadata> = {}): RecordedEvent {
    const revision = (this.revisions.get(stream) ?? -1) + 1;
    this.revisions.set(stream, revision);
    this.position++;
    return {
      id: `00000000-0000-4000-8000-${String(this.position).padStart(12, '0')}`,
      type: event.type,
      data: JSON.parse(JSON.stringify(event.data)),
      metadata: {
        actorId: 'admin-1',
        actorRole: 'admin',
        occurredAt: '2025-03-20T09:00:00.000Z',
        correlationId: 'c',
        causationId: 'c',
        schemaVersion: 1,
        ...metadata,
      },
      stream,
      revision,
      position: String(this.position),
      recordedAt: '2025-03-20T09:00:00.000Z',
    };
  }
}

export function projectionSpec(projector: Projector) {
  return {
    given(events: RecordedEvent[]) {
      return {
        async then(assert: (store: ReadModelStore) => Promise<void>): Promise<void> {
          const store = new SqliteReadModelStore(':memory:');
          try {
            await projector.setUp(store);
            for (const event of events) {
              await project(projector, event, store);
              await project(projector, event, store); // redelivered: must change nothing
            }
            await assert(store);
          } finally {
            await store.close();
          }
        },
      };
    },
  };
}
