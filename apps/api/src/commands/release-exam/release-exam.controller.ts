import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEnvelope } from '@exam/application';
import { CommandRoute } from '../../http/command-route';
import { Envelope } from '../../http/envelope';
import { ReleaseExam } from './release-exam.command';
import { ReleaseExamRequest } from './release-exam.request.dto';

@ApiTags('exams')
@Controller()
export class ReleaseExamController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute({
    method: 'POST',
    path: 'exams/:id/release',
    roles: ['coach'],
    status: 200,
    summary: 'Release the exam',
    event: 'ExamReleased',
  })
  release(@Param('id') examId: string, @Body() request: ReleaseExamRequest, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new ReleaseExam(examId, request.early ?? false, envelope));
  }
}
