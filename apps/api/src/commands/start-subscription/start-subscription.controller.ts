import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEnvelope } from '@exam/application';
import { CommandRoute } from '../../http/command-route';
import { Envelope } from '../../http/envelope';
import { StartSubscription } from './start-subscription.command';
import { StartSubscriptionRequest } from './start-subscription.request.dto';

@ApiTags('learner access')
@Controller()
export class StartSubscriptionController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute({
    method: 'POST',
    path: 'learners/:id/subscriptions',
    roles: ['admin'],
    status: 200,
    summary: 'Record a paid subscription period',
    event: 'SubscriptionStarted',
  })
  start(@Param('id') learnerId: string, @Body() request: StartSubscriptionRequest, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new StartSubscription(learnerId, request.validUntil, envelope));
  }
}
