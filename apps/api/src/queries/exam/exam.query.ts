import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Actor, isInScope } from '@exam/domain';
import { ExamView } from '@exam/projections';
import { ExamReader } from '../exam-reader';

export class ExamQuery extends Query<ExamView | null> {
  constructor(
    readonly actor: Actor,
    readonly examId: string,
  ) {
    super();
  }
}

/** Anyone in scope; null when out of scope or unknown, so ids cannot be probed (CONTRACT.md). */
@QueryHandler(ExamQuery)
export class ExamQueryHandler implements IQueryHandler<ExamQuery> {
  constructor(private readonly exams: ExamReader) {}

  async execute({ actor, examId }: ExamQuery): Promise<ExamView | null> {
    const document = await this.exams.document(examId);
    if (!document || !isInScope(actor, document.exam)) return null;
    return this.exams.view(document);
  }
}
