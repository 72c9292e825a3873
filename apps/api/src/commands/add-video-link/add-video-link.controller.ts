import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEnvelope } from '@exam/application';
import { CommandRoute } from '../../http/command-route';
import { Envelope } from '../../http/envelope';
import { AddVideoLink } from './add-video-link.command';
import { AddVideoLinkRequest } from './add-video-link.request.dto';

@ApiTags('files')
@Controller()
export class AddVideoLinkController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute({
    method: 'POST',
    path: 'exams/:id/video-links',
    roles: ['learner'],
    status: 200,
    summary: 'Add a link to a hosted video (for videos over 100 MB)',
    event: 'ExamVideoLinkAdded',
  })
  add(@Param('id') examId: string, @Body() request: AddVideoLinkRequest, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new AddVideoLink(examId, request, envelope));
  }
}
