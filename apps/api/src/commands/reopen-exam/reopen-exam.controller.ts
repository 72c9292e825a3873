import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEnvelope } from '@exam/application';
import { CommandRoute } from '../../http/command-route';
import { Envelope } from '../../http/envelope';
import { ReopenExam } from './reopen-exam.command';
import { ReopenExamRequest } from './reopen-exam.request.dto';

@ApiTags('reopening')
@Controller()
export class ReopenExamController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute({
    method: 'POST',
    path: 'exams/:id/reopen',
    roles: ['admin'],
    status: 200,
    summary: 'Reopen the exam: approve an open request, or on your own initiative',
    event: 'ExamReopened',
  })
  reopen(@Param('id') examId: string, @Body() request: ReopenExamRequest, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new ReopenExam(examId, request, envelope));
  }
}
