import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEnvelope } from '@exam/application';
import { CommandRoute } from '../../http/command-route';
import { Envelope } from '../../http/envelope';
import { RegisterExam } from './register-exam.command';
import { RegisterExamRequest } from './register-exam.request.dto';

@ApiTags('exams')
@Controller()
export class RegisterExamController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute({
    method: 'POST',
    path: 'exams',
    roles: ['admin'],
    status: 201,
    summary: 'Enroll a learner: register their exam',
    event: 'ExamRegistered',
  })
  register(@Body() request: RegisterExamRequest, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new RegisterExam(request, envelope));
  }
}
