import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandEnvelope, CommandResult, deterministicUuid, ExamCommandService, Facts } from '@exam/application';
import { answer } from '../answer';
import { RegisterExamRequest } from './register-exam.request.dto';

export class RegisterExam extends Command<CommandResult> {
  constructor(
    readonly request: RegisterExamRequest,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

@CommandHandler(RegisterExam)
export class RegisterExamHandler implements ICommandHandler<RegisterExam> {
  constructor(
    private readonly exams: ExamCommandService,
    private readonly facts: Facts,
  ) {}

  async execute({ request, envelope }: RegisterExam): Promise<CommandResult> {
    const { learnerId, programId, institutionId, coachId } = request;
    // DOMAIN.md: one exam per learner per program enrollment; the default id makes a second one collide.
    const examId = request.examId ?? deterministicUuid('exam', learnerId, programId);
    const outcome = await this.exams.execute('RegisterExam', examId, envelope, async () => {
      await this.facts.program(programId); // both must exist before an exam can depend on them
      await this.facts.policy(institutionId);
      return { type: 'RegisterExam', now: envelope.now, examId, learnerId, programId, institutionId, coachId };
    });
    return answer(outcome);
  }
}
