import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { CommandEnvelope } from '@exam/application';
import { CommandAnswer, CommandRoute } from '../../http/command-route';
import { Envelope } from '../../http/envelope';
import { RequestReopen } from './request-reopen.command';
import { RequestReopenRequest } from './request-reopen.request.dto';

export class ReopenRequestAnswerDoc extends CommandAnswer {
  @ApiProperty() requestId!: string;
}

@ApiTags('reopening')
@Controller()
export class RequestReopenController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute({
    method: 'POST',
    path: 'exams/:id/reopen-requests',
    roles: ['coach', 'assessor', 'exam_board'],
    status: 201,
    summary: 'Request that an admin reopens the exam (missing file or resit)',
    event: 'ExamReopenRequested',
    answer: ReopenRequestAnswerDoc,
  })
  request(@Param('id') examId: string, @Body() request: RequestReopenRequest, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new RequestReopen(examId, request, envelope));
  }
}
