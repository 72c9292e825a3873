import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Actor } from '@exam/domain';
import { ExamView } from '@exam/projections';
import { ExamReader } from '../exam-reader';

export class MyExamsQuery extends Query<ExamView[]> {
  constructor(readonly actor: Actor) {
    super();
  }
}

/** A learner's own exams; anyone else has none. */
@QueryHandler(MyExamsQuery)
export class MyExamsQueryHandler implements IQueryHandler<MyExamsQuery> {
  constructor(private readonly exams: ExamReader) {}

  async execute({ actor }: MyExamsQuery): Promise<ExamView[]> {
    if (actor.role !== 'learner') return [];
    return this.exams.views(await this.exams.documents({ learnerId: actor.id }));
  }
}
