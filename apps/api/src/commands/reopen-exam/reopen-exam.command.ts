import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandEnvelope, CommandResult, ExamCommandService, Facts } from '@exam/application';
import { ReopenExam as ReopenCommand } from '@exam/domain';
import { answer } from '../answer';
import { ReopenExamRequest } from './reopen-exam.request.dto';

export class ReopenExam extends Command<CommandResult> {
  constructor(
    readonly examId: string,
    readonly request: ReopenExamRequest,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

@CommandHandler(ReopenExam)
export class ReopenExamHandler implements ICommandHandler<ReopenExam> {
  constructor(
    private readonly exams: ExamCommandService,
    private readonly facts: Facts,
  ) {}

  async execute({ examId, request, envelope }: ReopenExam): Promise<CommandResult> {
    const { requestId, reason, note } = request;
    return answer(
      await this.exams.execute('ReopenExam', examId, envelope, async (exam): Promise<ReopenCommand> => {
        const policy = await this.facts.policy(exam.institutionId);
        return requestId !== undefined
          ? { type: 'ReopenExam', now: envelope.now, policy, requestId }
          : { type: 'ReopenExam', now: envelope.now, policy, reason: reason!, note: note! };
      }),
    );
  }
}
