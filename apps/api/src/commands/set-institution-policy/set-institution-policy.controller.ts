import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEnvelope } from '@exam/application';
import { CommandRoute } from '../../http/command-route';
import { Envelope } from '../../http/envelope';
import { SetInstitutionPolicy } from './set-institution-policy.command';
import { SetInstitutionPolicyRequest } from './set-institution-policy.request.dto';

@ApiTags('institutions')
@Controller()
export class SetInstitutionPolicyController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute({
    method: 'PUT',
    path: 'institutions/:id/policy',
    roles: ['admin'],
    status: 200,
    summary: "Set an institution's exam policy",
    event: 'InstitutionPolicySet',
  })
  setPolicy(@Param('id') institutionId: string, @Body() request: SetInstitutionPolicyRequest, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new SetInstitutionPolicy(institutionId, request, envelope));
  }
}
