import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEnvelope } from '@exam/application';
import { CommandRoute } from '../../http/command-route';
import { Envelope } from '../../http/envelope';
import { AwardXp } from './award-xp.command';
import { AwardXpRequest } from './award-xp.request.dto';

@ApiTags('exams')
@Controller()
export class AwardXpController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute({
    method: 'POST',
    path: 'exams/:id/xp',
    roles: ['admin'],
    status: 200,
    summary: 'Award XP for completed assignments',
    event: 'XpAwarded',
  })
  award(@Param('id') examId: string, @Body() request: AwardXpRequest, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new AwardXp(examId, request, envelope));
  }
}
