import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandEnvelope, CommandResult, ExamCommandService } from '@exam/application';
import { answer } from '../answer';

export class StartSample extends Command<CommandResult> {
  constructor(
    readonly examId: string,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

@CommandHandler(StartSample)
export class StartSampleHandler implements ICommandHandler<StartSample> {
  constructor(private readonly exams: ExamCommandService) {}

  async execute({ examId, envelope }: StartSample): Promise<CommandResult> {
    return answer(await this.exams.execute('StartSample', examId, envelope, () => ({ type: 'StartSample', now: envelope.now })));
  }
}
