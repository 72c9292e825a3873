import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandEnvelope, CommandResult, ExamCommandService } from '@exam/application';
import { answer } from '../answer';
import { AwardXpRequest } from './award-xp.request.dto';

export class AwardXp extends Command<CommandResult> {
  constructor(
    readonly examId: string,
    readonly request: AwardXpRequest,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

@CommandHandler(AwardXp)
export class AwardXpHandler implements ICommandHandler<AwardXp> {
  constructor(private readonly exams: ExamCommandService) {}

  async execute({ examId, request, envelope }: AwardXp): Promise<CommandResult> {
    const { amount, source } = request;
    return answer(await this.exams.execute('AwardXp', examId, envelope, () => ({ type: 'AwardXp', now: envelope.now, amount, source })));
  }
}
