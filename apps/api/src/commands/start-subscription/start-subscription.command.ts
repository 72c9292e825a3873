import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandEnvelope, CommandResult, LearnerAccessService } from '@exam/application';
import { answer } from '../answer';

export class StartSubscription extends Command<CommandResult> {
  constructor(
    readonly learnerId: string,
    readonly validUntil: string,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

@CommandHandler(StartSubscription)
export class StartSubscriptionHandler implements ICommandHandler<StartSubscription> {
  constructor(private readonly access: LearnerAccessService) {}

  async execute({ learnerId, validUntil, envelope }: StartSubscription): Promise<CommandResult> {
    const normalized = new Date(validUntil).toISOString();
    return answer(await this.access.execute({ type: 'StartSubscription', learnerId, validUntil: normalized, now: envelope.now }, envelope));
  }
}
