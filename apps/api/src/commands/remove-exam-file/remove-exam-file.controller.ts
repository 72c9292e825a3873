import { Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEnvelope } from '@exam/application';
import { CommandRoute } from '../../http/command-route';
import { Envelope } from '../../http/envelope';
import { RemoveExamFile } from './remove-exam-file.command';

@ApiTags('files')
@Controller()
export class RemoveExamFileController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute({
    method: 'DELETE',
    path: 'exams/:id/files/:fileId',
    roles: ['learner'],
    status: 200,
    summary: 'Remove a file before hand-in',
    event: 'ExamFileRemoved',
  })
  remove(@Param('id') examId: string, @Param('fileId') fileId: string, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new RemoveExamFile(examId, fileId, envelope));
  }
}
