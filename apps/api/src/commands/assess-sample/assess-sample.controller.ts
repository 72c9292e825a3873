import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEnvelope } from '@exam/application';
import { CommandRoute } from '../../http/command-route';
import { Envelope } from '../../http/envelope';
import { AssessSample } from './assess-sample.command';
import { AssessSampleRequest } from './assess-sample.request.dto';

@ApiTags('sample')
@Controller()
export class AssessSampleController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute({
    method: 'POST',
    path: 'exams/:id/sample/assess',
    roles: ['coach'],
    status: 200,
    summary: 'Assess the sample in review',
    event: 'SampleAssessed',
  })
  assess(@Param('id') examId: string, @Body() request: AssessSampleRequest, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new AssessSample(examId, request, envelope));
  }
}
