import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandEnvelope, CommandResult, ExamCommandService } from '@exam/application';
import { answer } from '../answer';

export class DeclineReopenRequest extends Command<CommandResult> {
  constructor(
    readonly examId: string,
    readonly requestId: string,
    readonly note: string,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

@CommandHandler(DeclineReopenRequest)
export class DeclineReopenRequestHandler implements ICommandHandler<DeclineReopenRequest> {
  constructor(private readonly exams: ExamCommandService) {}

  async execute({ examId, requestId, note, envelope }: DeclineReopenRequest): Promise<CommandResult> {
    return answer(
      await this.exams.execute('DeclineReopenRequest', examId, envelope, () => ({
        type: 'DeclineReopenRequest',
        now: envelope.now,
        requestId,
        note,
      })),
    );
  }
}
