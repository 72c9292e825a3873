import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { BINARY } from '../../http/api-docs';
import { Facts } from '@exam/application';
import { Actor, isInScope } from '@exam/domain';
import { FileStore } from '@exam/file-store';
import { FastifyReply } from 'fastify';
import { ApiError } from '../../http/api-error';
import { CurrentActor } from '../../http/auth';
import { FILE_STORE } from '@exam/infrastructure';
import { PersonalDataVault } from '@exam/personal-data';

@ApiTags('files')
@Controller()
export class DownloadExamFileController {
  constructor(
    private readonly facts: Facts,
    @Inject(FILE_STORE) private readonly files: FileStore,
    private readonly vault: PersonalDataVault,
  ) {}

  /**
   * Streams a file the exam keeps (any attempt: an earlier attempt's hand-in stays visible after a
   * resit) to whoever may read the exam; out of scope reads as 404 (CONTRACT.md).
   */
  @Get('exams/:id/files/:fileId')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Download an exam file' })
  @ApiResponse({
    status: 200,
    description: "the file's bytes, as the media type it was recorded with (any type a learner uploads)",
    content: { '*/*': BINARY },
    headers: {
      'Content-Disposition': { description: 'attachment, with the file name', schema: { type: 'string' } },
      'X-Content-SHA256': { description: 'the sha256 recorded at upload (hex)', schema: { type: 'string' } },
    },
  })
  @ApiResponse({ status: 404, description: 'NOT_FOUND (also when the exam is not yours to read)' })
  @ApiResponse({ status: 410, description: "ERASED: the learner's personal data, their files with it, was erased" })
  async download(@Param('id') examId: string, @Param('fileId') fileId: string, @CurrentActor() actor: Actor, @Res() reply: FastifyReply) {
    const found = await this.facts.examWithFiles(examId);
    const file = found && isInScope(actor, found.exam) ? found.files.find((f) => f.fileId === fileId) : undefined;
    if (!found || !file) throw new ApiError(404, 'NOT_FOUND', 'file not found');
    if (await this.vault.isErased(found.exam.learnerId))
      throw new ApiError(410, 'ERASED', "the learner's personal data was erased, with their files");
    // No Content-Length: with it set on a streamed reply, a keep-alive connection could stay busy
    // after the body was delivered and hold up graceful shutdown (seen in test/e2e/durability).
    return reply
      .header('content-type', file.mediaType)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
      .header('x-content-sha256', file.sha256)
      .send(this.files.open(file.sha256));
  }
}
