import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandEnvelope, CommandResult, ExamCommandService, Facts } from '@exam/application';
import { answer } from '../answer';

export class ReleaseExam extends Command<CommandResult> {
  constructor(
    readonly examId: string,
    readonly early: boolean,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

@CommandHandler(ReleaseExam)
export class ReleaseExamHandler implements ICommandHandler<ReleaseExam> {
  constructor(
    private readonly exams: ExamCommandService,
    private readonly facts: Facts,
  ) {}

  async execute({ examId, early, envelope }: ReleaseExam): Promise<CommandResult> {
    return answer(
      await this.exams.execute('ReleaseExam', examId, envelope, async (exam) => ({
        type: 'ReleaseExam',
        now: envelope.now,
        early,
        policy: await this.facts.policy(exam.institutionId),
        program: await this.facts.program(exam.programId),
      })),
    );
  }
}
