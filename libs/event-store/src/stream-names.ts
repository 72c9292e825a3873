import type { EventShape, RecordedEvent } from './event-store.port';

/** Stream names are `category-id` (STYLE.md), one stream per aggregate. */
export const STREAM_CATEGORIES = ['exam', 'institution', 'program', 'learner', 'person'] as const;
export type StreamCategory = (typeof STREAM_CATEGORIES)[number];

const streamOf =
  (category: StreamCategory) =>
  (id: string): string =>
    `${category}-${id}`;

/** The id in a stream name of this category, or undefined when the stream is of another category. */
const idIn =
  (category: StreamCategory) =>
  (stream: string): string | undefined =>
    stream.startsWith(`${category}-`) ? stream.slice(category.length + 1) : undefined;

export const examStream = streamOf('exam');
export const institutionStream = streamOf('institution');
export const programStream = streamOf('program');
export const learnerStream = streamOf('learner');
export const personStream = streamOf('person');

export const examIdOf = idIn('exam');
export const institutionIdOf = idIn('institution');

/** The category of a stream name ("exam" for "exam-42"). */
export function categoryOf(stream: string): string {
  const dash = stream.indexOf('-');
  return dash < 0 ? stream : stream.slice(0, dash);
}

/**
 * A type guard for the events of one category's streams: `inCategory<ExamEvent>('exam')`. Sound
 * because a stream's category fixes its event union (only that category's decider appends to it).
 */
export function inCategory<E extends EventShape>(category: StreamCategory) {
  return (event: RecordedEvent<EventShape>): event is RecordedEvent<E> => categoryOf(event.stream) === category;
}

/** The aggregate id in a stream name: what follows its category ("42" for "exam-42"). */
export function aggregateIdOf(stream: string): string {
  return stream.slice(categoryOf(stream).length + 1);
}
