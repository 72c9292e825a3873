import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { AccessView, Actor } from '@exam/domain';
import { ExamReader } from '../exam-reader';

export class MyAccessQuery extends Query<AccessView> {
  constructor(readonly actor: Actor) {
    super();
  }
}

/** The caller's own access (subscription or trial), as of now. */
@QueryHandler(MyAccessQuery)
export class MyAccessQueryHandler implements IQueryHandler<MyAccessQuery> {
  constructor(private readonly exams: ExamReader) {}

  execute({ actor }: MyAccessQuery): Promise<AccessView> {
    return this.exams.access(actor.id, new Date().toISOString());
  }
}
