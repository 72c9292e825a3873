import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandEnvelope, CommandResult, ExamCommandService } from '@exam/application';
import { answer } from '../answer';

export class ViewSampleFeedback extends Command<CommandResult> {
  constructor(
    readonly examId: string,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

@CommandHandler(ViewSampleFeedback)
export class ViewSampleFeedbackHandler implements ICommandHandler<ViewSampleFeedback> {
  constructor(private readonly exams: ExamCommandService) {}

  async execute({ examId, envelope }: ViewSampleFeedback): Promise<CommandResult> {
    return answer(
      await this.exams.execute('ViewSampleFeedback', examId, envelope, () => ({ type: 'ViewSampleFeedback', now: envelope.now })),
    );
  }
}
