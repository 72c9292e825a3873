import { RecordedEvent } from '@exam/event-store';
import { ReadModelStore } from '@exam/read-models';

/**
 * A projector turns events into read-model documents. `apply` must be idempotent: delivery is
 * at-least-once, so every document records the revision it last applied (or is keyed by event).
 * The version lives in the collection names, so a new version can be rebuilt beside the old one.
 */
export interface Projector {
  readonly name: string;
  readonly collections: readonly string[];
  setUp(store: ReadModelStore): Promise<void>;
  apply(event: RecordedEvent, store: ReadModelStore): Promise<void>;
}

/** The stream category of an event ("exam" for "exam-42"). */
export function categoryOf(event: RecordedEvent): string {
  const dash = event.stream.indexOf('-');
  return dash < 0 ? event.stream : event.stream.slice(0, dash);
}
