import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEnvelope } from '@exam/application';
import { CommandRoute, EmptyBody } from '../../http/command-route';
import { Envelope } from '../../http/envelope';
import { IssueProofOfParticipation } from './issue-proof-of-participation.command';

@ApiTags('proof of participation')
@Controller()
export class IssueProofOfParticipationController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute({
    method: 'POST',
    path: 'exams/:id/proof-of-participation',
    roles: ['coach'],
    status: 202,
    summary: 'Issue the proof of participation (only after a pass); the PDF follows shortly',
    event: 'ProofOfParticipationIssued',
  })
  issue(@Param('id') examId: string, @Body() _empty: EmptyBody, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new IssueProofOfParticipation(examId, envelope));
  }
}
