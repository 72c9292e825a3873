import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandEnvelope, CommandResult, ExamCommandService } from '@exam/application';
import { answer } from '../answer';

export class RemoveExamFile extends Command<CommandResult> {
  constructor(
    readonly examId: string,
    readonly fileId: string,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

@CommandHandler(RemoveExamFile)
export class RemoveExamFileHandler implements ICommandHandler<RemoveExamFile> {
  constructor(private readonly exams: ExamCommandService) {}

  async execute({ examId, fileId, envelope }: RemoveExamFile): Promise<CommandResult> {
    return answer(
      await this.exams.execute('RemoveExamFile', examId, envelope, () => ({ type: 'RemoveExamFile', now: envelope.now, fileId })),
    );
  }
}
