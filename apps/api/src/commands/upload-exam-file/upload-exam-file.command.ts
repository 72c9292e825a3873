import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandEnvelope, CommandResult, ExamCommandService, Facts } from '@exam/application';
import {
  decideExam,
  ExamFileUploaded,
  isVideo,
  MAX_VIDEO_BYTES,
  RegisteredExam,
  refuse,
  UploadExamFile as UploadCommand,
} from '@exam/domain';
import { BlobTooLarge, FileStore, StoredBlob } from '@exam/file-store';
import { AppConfig } from '../../infrastructure/config';
import { FILE_STORE } from '../../infrastructure/tokens';
import { answer } from '../answer';

export interface IncomingFile {
  name: string;
  mediaType: string;
  content: Readable;
  /** A componentId sent after the file part; readable only once the content was consumed. */
  trailingComponentId: () => Promise<string | undefined>;
}

export interface UploadAnswer extends CommandResult {
  fileId: string;
  sha256: string;
  size: number;
  mediaType: string;
}

export class UploadExamFile extends Command<UploadAnswer> {
  constructor(
    readonly examId: string,
    readonly file: IncomingFile,
    /** From the multipart field sent before the file part (we stream, so later fields come too late). */
    readonly componentId: string | undefined,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

/**
 * DOMAIN.md step 7. The rules are checked before a byte is stored (a refused upload stores
 * nothing); the file then streams to the content-addressed store, and the event is decided
 * again with the real size and hash.
 */
@CommandHandler(UploadExamFile)
export class UploadExamFileHandler implements ICommandHandler<UploadExamFile> {
  constructor(
    private readonly exams: ExamCommandService,
    private readonly facts: Facts,
    private readonly config: AppConfig,
    @Inject(FILE_STORE) private readonly files: FileStore,
  ) {}

  async execute({ examId, file, componentId, envelope }: UploadExamFile): Promise<UploadAnswer> {
    const fileId = randomUUID();
    let blob: StoredBlob | undefined;
    let component = componentId;
    const outcome = await this.exams.execute('UploadExamFile', examId, envelope, async (exam) => {
      const facts = await this.uploadFacts(exam, envelope.now);
      const command = (stored: StoredBlob): UploadCommand => ({
        type: 'UploadExamFile',
        now: envelope.now,
        file: { fileId, name: file.name, mediaType: file.mediaType, ...stored, ...(component ? { componentId: component } : {}) },
        ...facts,
      });
      if (!blob) {
        decideExam(command({ size: 0, sha256: '' }), exam); // a refused upload throws here, before a byte is stored
        blob = await this.store(file);
        component ??= await file.trailingComponentId();
      }
      return command(blob);
    });
    const uploaded = (outcome.events[0] as ExamFileUploaded | undefined)?.data;
    if (!uploaded) refuse('NOT_FOUND', 'the upload was not recorded');
    return { ...answer(outcome), fileId: uploaded.fileId, sha256: uploaded.sha256, size: uploaded.size, mediaType: uploaded.mediaType };
  }

  private async uploadFacts(exam: RegisteredExam, now: string): Promise<Pick<UploadCommand, 'accessActive' | 'program'>> {
    return {
      accessActive: await this.facts.hasActiveAccess(exam.learnerId, now),
      program: await this.facts.program(exam.programId),
    };
  }

  private async store(file: IncomingFile): Promise<StoredBlob> {
    const video = isVideo(file.mediaType, file.name);
    const limit = video ? MAX_VIDEO_BYTES : this.config.maxUploadBytes;
    try {
      return await this.files.put(file.content, limit);
    } catch (error) {
      if (error instanceof BlobTooLarge) {
        refuse(
          'FILE_TOO_LARGE',
          video ? 'a video file is at most 100 MB; add a link to where it is hosted instead' : `a file is at most ${limit} bytes`,
        );
      }
      throw error;
    }
  }
}
