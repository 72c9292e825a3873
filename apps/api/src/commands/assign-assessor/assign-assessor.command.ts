import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandEnvelope, CommandResult, ExamCommandService } from '@exam/application';
import { answer } from '../answer';

export class AssignAssessor extends Command<CommandResult> {
  constructor(
    readonly examId: string,
    readonly assessorId: string,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

@CommandHandler(AssignAssessor)
export class AssignAssessorHandler implements ICommandHandler<AssignAssessor> {
  constructor(private readonly exams: ExamCommandService) {}

  async execute({ examId, assessorId, envelope }: AssignAssessor): Promise<CommandResult> {
    return answer(
      await this.exams.execute('AssignAssessor', examId, envelope, () => ({ type: 'AssignAssessor', now: envelope.now, assessorId })),
    );
  }
}
