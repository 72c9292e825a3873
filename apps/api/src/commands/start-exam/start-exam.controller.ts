import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEnvelope } from '@exam/application';
import { CommandRoute, EmptyBody } from '../../http/command-route';
import { Envelope } from '../../http/envelope';
import { StartExam } from './start-exam.command';

@ApiTags('exams')
@Controller()
export class StartExamController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute({
    method: 'POST',
    path: 'exams/:id/start',
    roles: ['learner'],
    status: 200,
    summary: 'Start the exam (no time limit)',
    event: 'ExamStarted',
  })
  start(@Param('id') examId: string, @Body() _empty: EmptyBody, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new StartExam(examId, envelope));
  }
}
