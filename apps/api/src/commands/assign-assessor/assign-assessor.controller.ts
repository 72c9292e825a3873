import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEnvelope } from '@exam/application';
import { CommandRoute } from '../../http/command-route';
import { Envelope } from '../../http/envelope';
import { AssignAssessor } from './assign-assessor.command';
import { AssignAssessorRequest } from './assign-assessor.request.dto';

@ApiTags('exams')
@Controller()
export class AssignAssessorController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute({
    method: 'POST',
    path: 'exams/:id/assessor',
    roles: ['admin', 'exam_board'],
    status: 200,
    summary: 'Assign the assessor (any time before assessment)',
    event: 'AssessorAssigned',
  })
  assign(@Param('id') examId: string, @Body() request: AssignAssessorRequest, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new AssignAssessor(examId, request.assessorId, envelope));
  }
}
