import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandEnvelope, CommandResult, ExamCommandService, Facts } from '@exam/application';
import { answer } from '../answer';

export class StartExam extends Command<CommandResult> {
  constructor(
    readonly examId: string,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

@CommandHandler(StartExam)
export class StartExamHandler implements ICommandHandler<StartExam> {
  constructor(
    private readonly exams: ExamCommandService,
    private readonly facts: Facts,
  ) {}

  async execute({ examId, envelope }: StartExam): Promise<CommandResult> {
    return answer(
      await this.exams.execute('StartExam', examId, envelope, async (exam) => ({
        type: 'StartExam',
        now: envelope.now,
        accessActive: await this.facts.hasActiveAccess(exam.learnerId, envelope.now),
      })),
    );
  }
}
