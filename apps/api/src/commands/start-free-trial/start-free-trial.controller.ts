import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEnvelope } from '@exam/application';
import { CommandRoute, EmptyBody } from '../../http/command-route';
import { Envelope } from '../../http/envelope';
import { StartFreeTrial } from './start-free-trial.command';

@ApiTags('learner access')
@Controller()
export class StartFreeTrialController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute({
    method: 'POST',
    path: 'learners/:id/trial',
    roles: ['learner', 'admin'],
    status: 200,
    summary: 'Start the one-time 10-day free trial',
    event: 'FreeTrialStarted',
  })
  start(@Param('id') learnerId: string, @Body() _empty: EmptyBody, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new StartFreeTrial(learnerId, envelope));
  }
}
