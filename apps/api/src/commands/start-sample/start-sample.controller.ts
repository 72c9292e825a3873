import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEnvelope } from '@exam/application';
import { CommandRoute, EmptyBody } from '../../http/command-route';
import { Envelope } from '../../http/envelope';
import { StartSample } from './start-sample.command';

@ApiTags('sample')
@Controller()
export class StartSampleController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute({
    method: 'POST',
    path: 'exams/:id/sample/start',
    roles: ['coach'],
    status: 200,
    summary: 'Start a sample',
    event: 'SampleStarted',
  })
  start(@Param('id') examId: string, @Body() _empty: EmptyBody, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new StartSample(examId, envelope));
  }
}
