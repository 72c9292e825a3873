import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandEnvelope, CommandResult, ExamCommandService, Facts } from '@exam/application';
import { answer } from '../answer';
import { AddVideoLinkRequest } from './add-video-link.request.dto';

export class AddVideoLink extends Command<CommandResult> {
  constructor(
    readonly examId: string,
    readonly request: AddVideoLinkRequest,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

@CommandHandler(AddVideoLink)
export class AddVideoLinkHandler implements ICommandHandler<AddVideoLink> {
  constructor(
    private readonly exams: ExamCommandService,
    private readonly facts: Facts,
  ) {}

  async execute({ examId, request, envelope }: AddVideoLink): Promise<CommandResult> {
    return answer(
      await this.exams.execute('AddVideoLink', examId, envelope, async (exam) => ({
        type: 'AddVideoLink',
        now: envelope.now,
        url: request.url,
        title: request.title,
        accessActive: await this.facts.hasActiveAccess(exam.learnerId, envelope.now),
      })),
    );
  }
}
