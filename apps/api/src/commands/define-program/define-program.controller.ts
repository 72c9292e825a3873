import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEnvelope } from '@exam/application';
import { CommandRoute } from '../../http/command-route';
import { Envelope } from '../../http/envelope';
import { DefineProgram } from './define-program.command';
import { DefineProgramRequest } from './define-program.request.dto';

@ApiTags('programs')
@Controller()
export class DefineProgramController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute({
    method: 'PUT',
    path: 'programs/:id',
    roles: ['admin'],
    status: 200,
    summary: 'Define a learning program',
    event: 'ProgramDefined',
  })
  define(@Param('id') programId: string, @Body() request: DefineProgramRequest, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new DefineProgram(programId, request, envelope));
  }
}
