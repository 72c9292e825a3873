import { Controller, Param, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiConsumes, ApiProperty, ApiTags } from '@nestjs/swagger';
import { MultipartFile } from '@fastify/multipart';
import { isVideo, MAX_VIDEO_BYTES, refuse } from '@exam/domain';
import { ApiError } from '../../http/api-error';
import { CLIENT_ID, CLIENT_ID_MESSAGE } from '../../http/ids';
import { AuthenticatedRequest } from '../../http/auth';
import { CommandAnswer, CommandRoute } from '../../http/command-route';
import { envelopeOf } from '../../http/envelope';
import { UploadAnswer, UploadExamFile } from './upload-exam-file.command';

export class UploadAnswerDoc extends CommandAnswer {
  @ApiProperty() fileId!: string;
  @ApiProperty() sha256!: string;
  @ApiProperty() size!: number;
  @ApiProperty() mediaType!: string;
}

/** Room for the multipart framing and the small fields around the file part. */
const MULTIPART_OVERHEAD_BYTES = 2 * 1024 * 1024;

/** The one field an upload may carry besides the file, at most once. */
function componentIdField(name: string, value: unknown, earlier: string | undefined): string {
  if (name !== 'componentId') throw unknownField(name);
  if (earlier !== undefined) throw new ApiError(400, 'VALIDATION_FAILED', 'componentId sent twice', { componentId: ['only once'] });
  const componentId = String(value);
  if (!CLIENT_ID.test(componentId)) {
    throw new ApiError(400, 'VALIDATION_FAILED', 'componentId is not a valid id', { componentId: [CLIENT_ID_MESSAGE] });
  }
  return componentId;
}

@ApiTags('files')
@Controller()
export class UploadExamFileController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute({
    method: 'POST',
    path: 'exams/:id/files',
    roles: ['learner'],
    status: 201,
    summary: 'Upload an exam file (streamed; a video is at most 100 MB), optionally for one component',
    event: 'ExamFileUploaded',
    answer: UploadAnswerDoc,
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { componentId: { type: 'string' }, file: { type: 'string', format: 'binary' } },
    },
  })
  async upload(@Param('id') examId: string, @Req() request: AuthenticatedRequest): Promise<UploadAnswer> {
    if (!request.isMultipart()) throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the file as multipart/form-data');
    const parts = request.parts()[Symbol.asyncIterator]();
    let componentId: string | undefined;
    for (let next = await parts.next(); !next.done; next = await parts.next()) {
      const part = next.value;
      if (part.type === 'field') {
        componentId = componentIdField(part.fieldname, part.value, componentId);
        continue;
      }
      if (part.fieldname !== 'file') throw unknownField(part.fieldname);
      // Fields after the file (CONTRACT.md sets no order) are read once the file is stored, before deciding.
      const trailingComponentId = async () => {
        let late: string | undefined;
        for (let rest = await parts.next(); !rest.done; rest = await parts.next()) {
          if (rest.value.type !== 'field') throw new ApiError(400, 'VALIDATION_FAILED', 'send one file per upload', { file: ['only one'] });
          late = componentIdField(rest.value.fieldname, rest.value.value, componentId ?? late);
        }
        return late;
      };
      return this.handle(examId, part, componentId, trailingComponentId, request);
    }
    throw new ApiError(400, 'VALIDATION_FAILED', 'a file part named "file" is required', { file: ['is required'] });
  }

  private async handle(
    examId: string,
    part: MultipartFile,
    componentId: string | undefined,
    trailingComponentId: () => Promise<string | undefined>,
    request: AuthenticatedRequest,
  ): Promise<UploadAnswer> {
    try {
      return await this.run(examId, part, componentId, trailingComponentId, request);
    } finally {
      // Whatever happened (refused, or an idempotent retry answered without reading): discard the
      // unread rest, so the connection stays usable and shutdown is not held up.
      if (!part.file.readableEnded) part.file.resume();
    }
  }

  private run(
    examId: string,
    part: MultipartFile,
    componentId: string | undefined,
    trailingComponentId: () => Promise<string | undefined>,
    request: AuthenticatedRequest,
  ): Promise<UploadAnswer> {
    const name = part.filename?.trim() || 'unnamed';
    const mediaType = (part.mimetype || 'application/octet-stream').toLowerCase();
    const declaredLength = Number(request.headers['content-length']);
    if (isVideo(mediaType, name) && declaredLength > MAX_VIDEO_BYTES + MULTIPART_OVERHEAD_BYTES) {
      refuse('FILE_TOO_LARGE', 'a video file is at most 100 MB; add a link to where it is hosted instead');
    }
    // The idempotency fingerprint of an upload is its name, type and component; the content is hashed as it streams.
    const envelope = envelopeOf(request, { name, mediaType, componentId: componentId ?? null });
    return this.commands.execute(
      new UploadExamFile(examId, { name, mediaType, content: part.file, trailingComponentId }, componentId, envelope),
    );
  }
}

function unknownField(name: string): ApiError {
  return new ApiError(400, 'VALIDATION_FAILED', `unknown multipart field "${name}"`, { [name]: ['is not allowed'] });
}
