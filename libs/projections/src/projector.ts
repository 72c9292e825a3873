import { ExamEvent, LearnerAccessEvent, ProgramDefined } from '@exam/domain';
import { EventShape, inCategory, RecordedEvent } from '@exam/event-store';
import { ReadModelStore } from '@exam/read-models';

/**
 * A projector turns events into read-model documents. `apply` must be idempotent: delivery is
 * at-least-once, so every document records the revision it last applied (or is keyed by event).
 * The version lives in the collection names, so a new version can be rebuilt beside the old one.
 */
export interface Projector<E extends EventShape = EventShape> {
  readonly name: string;
  /**
   * Raised with the collection names when the documents change shape (absent: 1). The checkpoint
   * is named after it, so a new version starts from the log's beginning into its new collections.
   */
  readonly version?: number;
  readonly collections: readonly string[];
  /** The collections of its earlier versions: set-up drops them and resets those versions' checkpoints. */
  readonly retiredCollections?: readonly string[];
  /** The events this projector reads; `project` hands it no others, narrowed to `E`. */
  handles(event: RecordedEvent<EventShape>): event is RecordedEvent<E>;
  setUp(store: ReadModelStore): Promise<void>;
  apply(event: RecordedEvent<E>, store: ReadModelStore): Promise<void>;
}

/**
 * Applies one event of the log to a projector, if it is one the projector handles; nothing to
 * await otherwise (a rebuild asks nine projectors about every event, and most decline).
 */
export function project<E extends EventShape>(
  projector: Projector<E>,
  event: RecordedEvent,
  store: ReadModelStore,
): Promise<void> | undefined {
  return projector.handles(event) ? projector.apply(event, store) : undefined;
}

/** The events of each stream category, typed by the domain's unions. */
export const isExamEvent = inCategory<ExamEvent>('exam');
export const isLearnerAccessEvent = inCategory<LearnerAccessEvent>('learner');
export const isProgramEvent = inCategory<ProgramDefined>('program');
export const isAnyEvent = (_event: RecordedEvent<EventShape>): _event is RecordedEvent => true;
