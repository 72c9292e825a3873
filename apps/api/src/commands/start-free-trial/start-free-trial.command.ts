import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandEnvelope, CommandResult, LearnerAccessService } from '@exam/application';
import { refuse } from '@exam/domain';
import { answer } from '../answer';

export class StartFreeTrial extends Command<CommandResult> {
  constructor(
    readonly learnerId: string,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

@CommandHandler(StartFreeTrial)
export class StartFreeTrialHandler implements ICommandHandler<StartFreeTrial> {
  constructor(private readonly access: LearnerAccessService) {}

  async execute({ learnerId, envelope }: StartFreeTrial): Promise<CommandResult> {
    // CONTRACT.md: the learner themself, or an admin.
    if (envelope.actor.role === 'learner' && envelope.actor.id !== learnerId) refuse('FORBIDDEN', 'a learner starts only their own trial');
    return answer(await this.access.execute({ type: 'StartFreeTrial', learnerId, now: envelope.now }, envelope));
  }
}
