import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Actor } from '@exam/domain';
import { ExamView } from '@exam/projections';
import { ExamReader } from '../exam-reader';

export class AssessorQueueQuery extends Query<ExamView[]> {
  constructor(readonly actor: Actor) {
    super();
  }
}

@QueryHandler(AssessorQueueQuery)
export class AssessorQueueQueryHandler implements IQueryHandler<AssessorQueueQuery> {
  constructor(private readonly exams: ExamReader) {}

  async execute({ actor }: AssessorQueueQuery): Promise<ExamView[]> {
    if (actor.role !== 'assessor') return [];
    return this.exams.views(await this.exams.documents({ assessorId: actor.id, status: { $in: ['HANDED_IN', 'NEXT_PART_INVITED'] } }));
  }
}
