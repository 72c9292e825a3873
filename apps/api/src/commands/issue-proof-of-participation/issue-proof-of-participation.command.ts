import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandEnvelope, CommandResult, ExamCommandService } from '@exam/application';
import { answer } from '../answer';

export class IssueProofOfParticipation extends Command<CommandResult> {
  constructor(
    readonly examId: string,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

/** Records the issue; the PDF is rendered by a background job that follows the event log. */
@CommandHandler(IssueProofOfParticipation)
export class IssueProofOfParticipationHandler implements ICommandHandler<IssueProofOfParticipation> {
  constructor(private readonly exams: ExamCommandService) {}

  async execute({ examId, envelope }: IssueProofOfParticipation): Promise<CommandResult> {
    return answer(
      await this.exams.execute('IssueProofOfParticipation', examId, envelope, () => ({
        type: 'IssueProofOfParticipation',
        now: envelope.now,
      })),
    );
  }
}
