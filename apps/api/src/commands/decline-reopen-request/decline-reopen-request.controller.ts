import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEnvelope } from '@exam/application';
import { CommandRoute } from '../../http/command-route';
import { Envelope } from '../../http/envelope';
import { DeclineReopenRequest } from './decline-reopen-request.command';
import { DeclineReopenRequestRequest } from './decline-reopen-request.request.dto';

@ApiTags('reopening')
@Controller()
export class DeclineReopenRequestController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute({
    method: 'POST',
    path: 'exams/:id/reopen-requests/:requestId/decline',
    roles: ['admin'],
    status: 200,
    summary: 'Decline an open reopen request',
    event: 'ExamReopenRequestDeclined',
  })
  decline(
    @Param('id') examId: string,
    @Param('requestId') requestId: string,
    @Body() request: DeclineReopenRequestRequest,
    @Envelope() envelope: CommandEnvelope,
  ) {
    return this.commands.execute(new DeclineReopenRequest(examId, requestId, request.note, envelope));
  }
}
