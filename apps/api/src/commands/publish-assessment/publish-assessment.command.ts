import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandEnvelope, CommandResult, ExamCommandService, Facts } from '@exam/application';
import { answer } from '../answer';
import { PublishAssessmentRequest } from './publish-assessment.request.dto';

export class PublishAssessment extends Command<CommandResult> {
  constructor(
    readonly examId: string,
    readonly request: PublishAssessmentRequest,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

@CommandHandler(PublishAssessment)
export class PublishAssessmentHandler implements ICommandHandler<PublishAssessment> {
  constructor(
    private readonly exams: ExamCommandService,
    private readonly facts: Facts,
  ) {}

  async execute({ examId, request, envelope }: PublishAssessment): Promise<CommandResult> {
    const { numeric, rating } = request.grade;
    const grade = { ...(numeric !== undefined ? { numeric } : {}), ...(rating !== undefined ? { rating } : {}) };
    return answer(
      await this.exams.execute('PublishAssessment', examId, envelope, async (exam) => ({
        type: 'PublishAssessment',
        now: envelope.now,
        grade,
        feedback: request.feedback,
        policy: await this.facts.policy(exam.institutionId),
      })),
    );
  }
}
