import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEnvelope } from '@exam/application';
import { CommandRoute } from '../../http/command-route';
import { Envelope } from '../../http/envelope';
import { PublishAssessment } from './publish-assessment.command';
import { PublishAssessmentRequest } from './publish-assessment.request.dto';

@ApiTags('assessment')
@Controller()
export class PublishAssessmentController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute({
    method: 'POST',
    path: 'exams/:id/assessment',
    roles: ['assessor'],
    status: 200,
    summary: "Publish the assessment on the institution's grading scale",
    event: 'AssessmentPublished',
  })
  publish(@Param('id') examId: string, @Body() request: PublishAssessmentRequest, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new PublishAssessment(examId, request, envelope));
  }
}
