import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEnvelope } from '@exam/application';
import { CommandRoute, EmptyBody } from '../../http/command-route';
import { Envelope } from '../../http/envelope';
import { HandInExam } from './hand-in-exam.command';

@ApiTags('exams')
@Controller()
export class HandInExamController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute({
    method: 'POST',
    path: 'exams/:id/hand-in',
    roles: ['learner'],
    status: 200,
    summary: 'Definitely hand in (once per attempt)',
    event: 'ExamHandedIn',
  })
  handIn(@Param('id') examId: string, @Body() _empty: EmptyBody, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new HandInExam(examId, envelope));
  }
}
