import { evolveExam, ExamEvent, initialExamState } from '@exam/domain';
import { aggregateIdOf, RecordedEvent } from '@exam/event-store';
import { ReadModelStore } from '@exam/read-models';
import { isExamEvent, Projector } from '../projector';
import { coachActionOf, EXAM_VIEWS, ExamViewDocument } from './exam-view.document';

/** The exam as learners, coaches, assessors and staff read it. */
export class ExamViewsProjector implements Projector<ExamEvent> {
  readonly name = 'exam-views';
  readonly collections = [EXAM_VIEWS];
  readonly handles = isExamEvent;

  async setUp(store: ReadModelStore): Promise<void> {
    const views = store.collection<ExamViewDocument>(EXAM_VIEWS);
    // One index per query filter (CONTRACT.md queries).
    await views.ensureIndex(['learnerId']);
    await views.ensureIndex(['coachId', 'coachAction']);
    await views.ensureIndex(['assessorId', 'status']);
    await views.ensureIndex(['hasReopenRequests', 'institutionId']);
  }

  async apply(event: RecordedEvent<ExamEvent>, store: ReadModelStore): Promise<void> {
    const views = store.collection<ExamViewDocument>(EXAM_VIEWS);
    const examId = aggregateIdOf(event.stream);
    const current = await views.get(examId);
    if (current && current.revision >= event.revision) return; // redelivered: already applied
    const state = evolveExam(current?.exam ?? initialExamState(), event);
    if (!state.registered) return;
    await views.putIfNewer({
      _id: examId,
      revision: event.revision,
      position: event.position,
      learnerId: state.learnerId,
      coachId: state.coachId,
      assessorId: state.assessorId ?? null,
      institutionId: state.institutionId,
      programId: state.programId,
      status: state.status,
      coachAction: coachActionOf(state),
      hasReopenRequests: state.reopenRequests.length > 0,
      exam: state,
    });
  }
}
