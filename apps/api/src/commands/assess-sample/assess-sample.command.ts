import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandEnvelope, CommandResult, ExamCommandService } from '@exam/application';
import { answer } from '../answer';
import { AssessSampleRequest } from './assess-sample.request.dto';

export class AssessSample extends Command<CommandResult> {
  constructor(
    readonly examId: string,
    readonly request: AssessSampleRequest,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

@CommandHandler(AssessSample)
export class AssessSampleHandler implements ICommandHandler<AssessSample> {
  constructor(private readonly exams: ExamCommandService) {}

  async execute({ examId, request, envelope }: AssessSample): Promise<CommandResult> {
    const feedback = request.feedback.map(({ assignmentId, comment }) => ({ assignmentId, comment }));
    return answer(
      await this.exams.execute('AssessSample', examId, envelope, () => ({
        type: 'AssessSample',
        now: envelope.now,
        outcome: request.outcome,
        feedback,
      })),
    );
  }
}
