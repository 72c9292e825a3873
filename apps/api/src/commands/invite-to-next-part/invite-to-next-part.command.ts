import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandEnvelope, CommandResult, ExamCommandService, Facts } from '@exam/application';
import { answer } from '../answer';
import { InviteToNextPartRequest } from './invite-to-next-part.request.dto';

export class InviteToNextPart extends Command<CommandResult> {
  constructor(
    readonly examId: string,
    readonly request: InviteToNextPartRequest,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

@CommandHandler(InviteToNextPart)
export class InviteToNextPartHandler implements ICommandHandler<InviteToNextPart> {
  constructor(
    private readonly exams: ExamCommandService,
    private readonly facts: Facts,
  ) {}

  async execute({ examId, request, envelope }: InviteToNextPart): Promise<CommandResult> {
    const { partTitle, note, scheduledAt } = request;
    return answer(
      await this.exams.execute('InviteToNextPart', examId, envelope, async (exam) => ({
        type: 'InviteToNextPart',
        now: envelope.now,
        partTitle,
        note,
        scheduledAt: scheduledAt ? new Date(scheduledAt).toISOString() : undefined,
        program: await this.facts.program(exam.programId),
      })),
    );
  }
}
