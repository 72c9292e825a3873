import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandEnvelope, CommandResult, ExamCommandService, Facts } from '@exam/application';
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
  constructor(
    private readonly exams: ExamCommandService,
    private readonly facts: Facts,
  ) {}

  async execute({ examId, fileId, envelope }: RemoveExamFile): Promise<CommandResult> {
    return answer(
      await this.exams.execute('RemoveExamFile', examId, envelope, async (exam) => ({
        type: 'RemoveExamFile',
        now: envelope.now,
        fileId,
        accessActive: await this.facts.hasActiveAccess(exam.learnerId, envelope.now),
      })),
    );
  }
}
