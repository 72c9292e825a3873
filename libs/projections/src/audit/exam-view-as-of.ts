import {
  accessAt,
  examDecider,
  ExamEvent,
  learnerAccessDecider,
  LearnerAccessEvent,
  programDecider,
  ProgramDefined,
  stateOf,
} from '@exam/domain';
import { RecordedEvent } from '@exam/event-store';
import { ExamView, toExamView } from '../exam-views/exam-view';

/** The streams an exam's view is made of, each oldest first, whole. */
export interface ExamViewHistory {
  exam: RecordedEvent<ExamEvent>[];
  program: RecordedEvent<ProgramDefined>[];
  learner: RecordedEvent<LearnerAccessEvent>[];
}

/**
 * A stream as it stood at `asOfMs`: its longest prefix of events that had occurred by then
 * (metadata.occurredAt <= asOf). A prefix, not a filter: a state is always some prefix of its
 * history, even if a clock once stepped back.
 */
export function prefixAsOf<E extends { metadata: { occurredAt: string } }>(events: readonly E[], asOfMs: number): E[] {
  const end = events.findIndex((e) => Date.parse(e.metadata.occurredAt) > asOfMs);
  return end < 0 ? [...events] : events.slice(0, end);
}

/**
 * The exam as it stood at an instant (CONTRACT.md, "Audit": state?asOf), the same shape as the
 * GraphQL Exam: the domain's own evolve folded over each stream's prefix, program and learner
 * access included. Undefined when the exam was not registered yet.
 *
 * Rendering the proof PDF is a side effect the log does not record: the proof counts as
 * available from the moment ProofOfParticipationIssued was recorded (docs/audit.md).
 */
export function examViewAsOf(history: ExamViewHistory, asOf: string): ExamView | undefined {
  const asOfMs = Date.parse(asOf);
  const examEvents = prefixAsOf(history.exam, asOfMs);
  const exam = stateOf(examDecider, examEvents);
  if (!exam.registered) return undefined;
  const program = stateOf(programDecider, prefixAsOf(history.program, asOfMs));
  const access = stateOf(learnerAccessDecider, prefixAsOf(history.learner, asOfMs));
  return toExamView(exam, {
    asOf,
    revision: examEvents[examEvents.length - 1].revision,
    program: program ?? undefined,
    accessActive: accessAt(access, new Date(asOfMs).toISOString()).active,
    proofRendered: exam.proofOfParticipationIssuedAt !== undefined,
  });
}
