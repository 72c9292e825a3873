import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Actor } from '@exam/domain';
import { Filter } from '@exam/read-models';
import { ExamReader } from '../exam-reader';

export interface ReopenRequestView {
  id: string;
  examId: string;
  reason: string;
  note: string;
  requestedBy: string;
  requestedByRole: string;
  status: string;
  createdAt: string;
}

export class ReopenRequestsQuery extends Query<ReopenRequestView[]> {
  constructor(
    readonly actor: Actor,
    readonly status: string | undefined,
  ) {
    super();
  }
}

/** Admins see all; coach, assessor and exam_board see those of exams in their scope; learners none. */
function scopeFilter(actor: Actor): Filter | undefined {
  switch (actor.role) {
    case 'admin':
      return {};
    case 'coach':
      return { coachId: actor.id };
    case 'assessor':
      return { assessorId: actor.id };
    case 'exam_board':
      return actor.institutionId ? { institutionId: actor.institutionId } : undefined;
    case 'learner':
      return undefined;
  }
}

@QueryHandler(ReopenRequestsQuery)
export class ReopenRequestsQueryHandler implements IQueryHandler<ReopenRequestsQuery> {
  constructor(private readonly exams: ExamReader) {}

  async execute({ actor, status }: ReopenRequestsQuery): Promise<ReopenRequestView[]> {
    const scope = scopeFilter(actor);
    if (!scope) return [];
    const documents = await this.exams.documents({ hasReopenRequests: true, ...scope });
    return documents
      .flatMap(({ exam }) =>
        exam.reopenRequests.map((r) => ({
          id: r.requestId,
          examId: exam.examId,
          reason: r.reason,
          note: r.note,
          requestedBy: r.requestedBy,
          requestedByRole: r.requestedByRole,
          status: r.status,
          createdAt: r.createdAt,
        })),
      )
      .filter((r) => status === undefined || status === null || r.status === status)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }
}
