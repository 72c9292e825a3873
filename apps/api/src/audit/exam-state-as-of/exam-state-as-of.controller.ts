import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor, LearnerAccessEvent, ProgramDefined } from '@exam/domain';
import { EventStore, learnerStream, programStream } from '@exam/event-store';
import { ExamView, examViewAsOf } from '@exam/projections';
import { ApiError } from '../../http/api-error';
import { CurrentActor, Roles } from '../../http/auth';
import { EVENT_STORE } from '@exam/infrastructure';
import { queryInstant } from '../audit-event';
import { AUDIT_ROLES, auditableExamStream } from '../audit-scope';
import { ExamStateAsOfRequest } from './exam-state-as-of.request.dto';

@ApiTags('audit')
@Controller()
export class ExamStateAsOfController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get('audit/exams/:id/state')
  @Roles(...AUDIT_ROLES)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'The exam as it stood at an instant',
    description:
      "Rebuilt from the event store by folding the domain's evolve over the events that had occurred by asOf (exam, program, " +
      'learner access); the fields of the GraphQL Exam. Roles: exam_board (own institution), admin.',
  })
  @ApiResponse({ status: 200, description: 'the GraphQL Exam fields' })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED: asOf missing or not an ISO-8601 instant' })
  @ApiResponse({ status: 403, description: 'FORBIDDEN for learners, coaches and assessors' })
  @ApiResponse({ status: 404, description: "NOT_FOUND, also for another institution's exam and before the exam was registered" })
  async state(@Param('id') examId: string, @Query() request: ExamStateAsOfRequest, @CurrentActor() actor: Actor): Promise<ExamView> {
    queryInstant(request.asOf, 'asOf');
    const exam = await auditableExamStream(this.store, actor, examId);
    const registered = exam.find((e) => e.type === 'ExamRegistered');
    if (registered?.type !== 'ExamRegistered') throw new ApiError(404, 'NOT_FOUND', 'the exam was not registered yet at asOf');
    const [program, learner] = await Promise.all([
      this.store.readStream<ProgramDefined>(programStream(registered.data.programId)),
      this.store.readStream<LearnerAccessEvent>(learnerStream(registered.data.learnerId)),
    ]);
    const view = examViewAsOf({ exam, program, learner }, request.asOf);
    if (!view) throw new ApiError(404, 'NOT_FOUND', 'the exam was not registered yet at asOf');
    return view;
  }
}
