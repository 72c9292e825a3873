import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEnvelope } from '@exam/application';
import { CommandRoute, EmptyBody } from '../../http/command-route';
import { Envelope } from '../../http/envelope';
import { ViewSampleFeedback } from './view-sample-feedback.command';

@ApiTags('sample')
@Controller()
export class ViewSampleFeedbackController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute({
    method: 'POST',
    path: 'exams/:id/sample/feedback-viewed',
    roles: ['learner'],
    status: 200,
    summary: "Record that the learner checked the coach's sample feedback",
    event: 'SampleFeedbackViewed',
  })
  viewed(@Param('id') examId: string, @Body() _empty: EmptyBody, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new ViewSampleFeedback(examId, envelope));
  }
}
