import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandEnvelope, CommandResult, ExamCommandService, Facts } from '@exam/application';
import { UploadedFile } from '@exam/domain';
import { FileStore } from '@exam/file-store';
import { FILE_STORE } from '../../infrastructure/tokens';
import { answer } from '../answer';

export class HandInExam extends Command<CommandResult> {
  constructor(
    readonly examId: string,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

@CommandHandler(HandInExam)
export class HandInExamHandler implements ICommandHandler<HandInExam> {
  constructor(
    private readonly exams: ExamCommandService,
    private readonly facts: Facts,
    @Inject(FILE_STORE) private readonly files: FileStore,
  ) {}

  async execute({ examId, envelope }: HandInExam): Promise<CommandResult> {
    return answer(
      await this.exams.execute('HandInExam', examId, envelope, async (exam) => ({
        type: 'HandInExam',
        now: envelope.now,
        accessActive: await this.facts.hasActiveAccess(exam.learnerId, envelope.now),
        verifiedFileIds: await this.storedWhole(exam.files),
      })),
    );
  }

  /** DOMAIN.md step 8: never accept a hand-in that names a file that did not land; re-read and re-hash each one. */
  private async storedWhole(files: UploadedFile[]): Promise<string[]> {
    const checks = await Promise.all(files.map(async (f) => ((await this.files.verify(f)) ? f.fileId : undefined)));
    return checks.filter((id): id is string => id !== undefined);
  }
}
