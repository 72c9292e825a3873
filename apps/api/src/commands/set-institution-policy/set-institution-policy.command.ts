import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandEnvelope, CommandResult, StreamWriter } from '@exam/application';
import { decideInstitution, evolveInstitution, InstitutionState } from '@exam/domain';
import { institutionStream } from '@exam/event-store';
import { answer } from '../answer';
import { SetInstitutionPolicyRequest } from './set-institution-policy.request.dto';

export class SetInstitutionPolicy extends Command<CommandResult> {
  constructor(
    readonly institutionId: string,
    readonly request: SetInstitutionPolicyRequest,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

@CommandHandler(SetInstitutionPolicy)
export class SetInstitutionPolicyHandler implements ICommandHandler<SetInstitutionPolicy> {
  constructor(private readonly writer: StreamWriter) {}

  async execute({ institutionId, request, envelope }: SetInstitutionPolicy): Promise<CommandResult> {
    const outcome = await this.writer.execute<InstitutionState>(
      {
        stream: institutionStream(institutionId),
        id: institutionId,
        initialState: () => null,
        evolve: evolveInstitution as never,
        hashChain: false,
        decide: () => decideInstitution({ type: 'SetInstitutionPolicy', institutionId, ...request }),
      },
      envelope,
    );
    return answer(outcome);
  }
}
