import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Actor } from '@exam/domain';
import { ExamView } from '@exam/projections';
import { ExamReader } from '../exam-reader';

export class CoachQueueQuery extends Query<ExamView[]> {
  constructor(readonly actor: Actor) {
    super();
  }
}

/** The coach's own learners' exams needing action: a sample to assess, or a release that is due. */
@QueryHandler(CoachQueueQuery)
export class CoachQueueQueryHandler implements IQueryHandler<CoachQueueQuery> {
  constructor(private readonly exams: ExamReader) {}

  async execute({ actor }: CoachQueueQuery): Promise<ExamView[]> {
    if (actor.role !== 'coach') return [];
    const documents = await this.exams.documents({ coachId: actor.id, coachAction: { $in: ['assess_sample', 'release'] } });
    const views = await this.exams.views(documents);
    // Release is due once the sample is approved AND the learner has the XP (DOMAIN.md step 4).
    return views.filter((v) => v.status === 'SAMPLE_IN_REVIEW' || v.xp >= v.xpRequired);
  }
}
