import { evolveExam, ExamEvent, initialExamState } from '@exam/domain';
import { RecordedEvent } from '@exam/event-store';
import { ReadModelStore } from '@exam/read-models';
import { categoryOf, Projector } from '../projector';
import { coachActionOf, EXAM_VIEWS, ExamViewDocument } from './exam-view.document';

/** The exam as learners, coaches, assessors and staff read it. */
export class ExamViewsProjector implements Projector {
  readonly name = 'exam-views';
  readonly collections = [EXAM_VIEWS];

  async setUp(store: ReadModelStore): Promise<void> {
    const views = store.collection<ExamViewDocument>(EXAM_VIEWS);
    // One index per query filter (CONTRACT.md queries).
    await views.ensureIndex(['learnerId']);
    await views.ensureIndex(['coachId', 'coachAction']);
    await views.ensureIndex(['assessorId', 'status']);
    await views.ensureIndex(['hasReopenRequests', 'institutionId']);
  }

  async apply(event: RecordedEvent, store: ReadModelStore): Promise<void> {
    if (categoryOf(event) !== 'exam') return;
    const views = store.collection<ExamViewDocument>(EXAM_VIEWS);
    const examId = event.stream.slice('exam-'.length);
    const current = await views.get(examId);
    if (current && current.revision >= event.revision) return; // redelivered: already applied
    const state = evolveExam(current?.exam ?? initialExamState(), event as unknown as ExamEvent);
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
