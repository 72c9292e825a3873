import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEnvelope } from '@exam/application';
import { CommandRoute } from '../../http/command-route';
import { Envelope } from '../../http/envelope';
import { InviteToNextPart } from './invite-to-next-part.command';
import { InviteToNextPartRequest } from './invite-to-next-part.request.dto';

@ApiTags('assessment')
@Controller()
export class InviteToNextPartController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute({
    method: 'POST',
    path: 'exams/:id/next-part',
    roles: ['assessor'],
    status: 200,
    summary: 'Invite the learner to the next part of the exam',
    event: 'NextPartInvited',
  })
  invite(@Param('id') examId: string, @Body() request: InviteToNextPartRequest, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new InviteToNextPart(examId, request, envelope));
  }
}
