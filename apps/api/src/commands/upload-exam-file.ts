import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Controller, Inject, Param, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiConsumes, ApiProperty, ApiTags } from '@nestjs/swagger';
import { MultipartFile } from '@fastify/multipart';
import { CommandEnvelope, CommandResult } from '@exam/application';
import { authorizeExamCommand, examDecider, isVideo, MAX_VIDEO_BYTES, RegisteredExam, refuse, UploadExamFile } from '@exam/domain';
import { BlobTooLarge, PutBlob, sniffedVideoType } from '@exam/file-store';
import { ApiError } from '../http/api-error';
import { AuthenticatedRequest } from '../http/auth';
import { CommandAnswer, CommandRoute } from '../http/command-route';
import { envelopeOf } from '../http/envelope';
import { CLIENT_ID, CLIENT_ID_MESSAGE } from '../http/ids';
import { answerOf, CommandSlice, onExam, routeSpec, SliceDeps } from './slice/command-slice';
import { RunCommand } from './slice/run-command';

/** An upload as the controller hands it over: streamed, never buffered whole. */
export class IncomingUpload {
  constructor(
    readonly name: string,
    readonly mediaType: string,
    readonly content: Readable,
    /** From the multipart field sent before the file part. */
    readonly componentId: string | undefined,
    /** A componentId sent after the file part; readable only once the content was consumed. */
    readonly trailingComponentId: () => Promise<string | undefined>,
  ) {}
}

export class UploadAnswerDoc extends CommandAnswer {
  @ApiProperty() fileId!: string;
  @ApiProperty() sha256!: string;
  @ApiProperty() size!: number;
  @ApiProperty() mediaType!: string;
}

const ROUTE = routeSpec({
  route: 'POST exams/:id/files → 201',
  api: ['files', 'upload', 'ExamFileUploaded'],
  summary: 'Upload an exam file (streamed; a video is at most 100 MB), optionally for one component',
  answerDoc: UploadAnswerDoc,
});

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

/** @fastify/multipart's count limits are about the request's shape, not a file's size: 400, like any malformed upload. */
function refusedPart(error: unknown): never {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  if (code === 'FST_FILES_LIMIT') throw new ApiError(400, 'VALIDATION_FAILED', 'send one file per upload', { file: ['only one'] });
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
    throw new ApiError(400, 'VALIDATION_FAILED', 'too many multipart fields', { componentId: ['only once'] });
  }
  if (error instanceof ApiError || (error instanceof Error && 'statusCode' in error)) throw error;
  // The parser's own complaints (no boundary, a truncated body): the request is malformed, not the server.
  throw new ApiError(400, 'VALIDATION_FAILED', `malformed multipart body: ${error instanceof Error ? error.message : 'unreadable'}`);
}

function unknownField(name: string): ApiError {
  return new ApiError(400, 'VALIDATION_FAILED', `unknown multipart field "${name}"`, { [name]: ['is not allowed'] });
}

/** Multipart, so not the generic JSON controller: reads the parts in order and streams the file part. */
@ApiTags(ROUTE.tag)
@Controller()
export class UploadExamFileController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @CommandRoute('UploadExamFile', ROUTE)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { componentId: { type: 'string' }, file: { type: 'string', format: 'binary' } },
    },
  })
  async upload(@Param('id') examId: string, @Req() request: AuthenticatedRequest): Promise<CommandResult> {
    if (!request.isMultipart()) throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the file as multipart/form-data');
    const iterator = request.parts()[Symbol.asyncIterator]();
    const parts = { next: () => iterator.next().catch(refusedPart) };
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
      try {
        return await this.send(examId, part, componentId, trailingComponentId, request);
      } finally {
        // Whatever happened (refused, or an idempotent retry answered without reading): discard the
        // unread rest, so the connection stays usable and shutdown is not held up.
        if (!part.file.readableEnded) part.file.resume();
      }
    }
    throw new ApiError(400, 'VALIDATION_FAILED', 'a file part named "file" is required', { file: ['is required'] });
  }

  private send(
    examId: string,
    part: MultipartFile,
    componentId: string | undefined,
    trailingComponentId: () => Promise<string | undefined>,
    request: AuthenticatedRequest,
  ): Promise<CommandResult> {
    const name = part.filename?.trim() || 'unnamed';
    const mediaType = (part.mimetype || 'application/octet-stream').toLowerCase();
    const declaredLength = Number(request.headers['content-length']);
    if (isVideo(mediaType, name) && declaredLength > MAX_VIDEO_BYTES + MULTIPART_OVERHEAD_BYTES) {
      refuse('FILE_TOO_LARGE', 'a video file is at most 100 MB; add a link to where it is hosted instead');
    }
    // The idempotency fingerprint of an upload is its name, type and component; the content is hashed as it streams.
    const envelope = envelopeOf(request, { name, mediaType, componentId: componentId ?? null });
    const upload = new IncomingUpload(name, mediaType, part.file, componentId, trailingComponentId);
    return this.commands.execute(new RunCommand(uploadExamFile, { params: { id: examId }, body: upload, envelope }));
  }
}

/**
 * DOMAIN.md step 7. The rules are checked before a byte is stored (a refused upload stores
 * nothing); the file then streams to the content-addressed store, and the event is decided
 * again with the real size, hash and type. Nothing stays on disk unless its event is written.
 */
async function upload(examId: string, file: IncomingUpload, deps: SliceDeps, envelope: CommandEnvelope): Promise<UploadAnswer> {
  const fileId = randomUUID();
  const command = async (exam: RegisteredExam, stored: StoredFile, componentId: string | undefined): Promise<UploadExamFile> => ({
    type: 'UploadExamFile',
    now: envelope.now,
    file: { fileId, name: file.name, ...stored, ...(componentId ? { componentId } : {}) },
    accessActive: await deps.facts.hasActiveAccess(exam.learnerId, envelope.now),
    program: await deps.facts.program(exam.programId),
  });

  const before = await deps.facts.exam(examId);
  if (!before) refuse('NOT_FOUND', 'exam not found');
  authorizeExamCommand(envelope.actor, 'UploadExamFile', before);
  const declared = { mediaType: file.mediaType, size: 0, sha256: '' };
  examDecider.decide(await command(before, declared, file.componentId), before); // a refused upload throws here

  const { blob, mediaType } = await store(file, deps);
  try {
    const componentId = file.componentId ?? (await file.trailingComponentId());
    // A retry with the same Idempotency-Key must send the same bytes: the fingerprint includes their hash.
    const keyed = envelope.requestHash ? { ...envelope, requestHash: sha256Hex(`${envelope.requestHash}:${blob.sha256}`) } : envelope;
    const stored = { mediaType, size: blob.size, sha256: blob.sha256 };
    const outcome = await onExam(deps, 'UploadExamFile', examId, keyed, (exam) => command(exam, stored, componentId));
    const [uploaded] = outcome.events;
    if (uploaded?.type !== 'ExamFileUploaded') refuse('NOT_FOUND', 'the upload was not recorded');
    const { sha256, size } = uploaded.data;
    return { ...answerOf(outcome), fileId: uploaded.data.fileId, sha256, size, mediaType: uploaded.data.mediaType };
  } catch (error) {
    await deps.files.discard(blob); // refused after storing (a late field, a rule, a reused key): no trace on disk either
    throw error;
  }
}

interface StoredFile {
  mediaType: string;
  size: number;
  sha256: string;
}

interface UploadAnswer extends CommandResult {
  fileId: string;
  sha256: string;
  size: number;
  mediaType: string;
}

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Streams the file into the store. A video, by its declared type, its name or its first bytes,
 * is held to 100 MB; a video declared as something else is recorded with the type its bytes say.
 */
async function store(file: IncomingUpload, { files, config }: SliceDeps): Promise<{ blob: PutBlob; mediaType: string }> {
  const declaredVideo = isVideo(file.mediaType, file.name);
  let sniffed: string | undefined;
  const limit = (head: Buffer) => {
    sniffed = declaredVideo ? undefined : sniffedVideoType(head);
    return declaredVideo || sniffed ? MAX_VIDEO_BYTES : config.maxUploadBytes;
  };
  try {
    const blob = await files.put(file.content, limit);
    return { blob, mediaType: sniffed ?? file.mediaType };
  } catch (error) {
    if (error instanceof BlobTooLarge) {
      refuse(
        'FILE_TOO_LARGE',
        declaredVideo || sniffed
          ? 'a video file is at most 100 MB; add a link to where it is hosted instead'
          : `a file is at most ${config.maxUploadBytes} bytes`,
      );
    }
    throw error;
  }
}

export const uploadExamFile: CommandSlice = {
  command: 'UploadExamFile',
  route: ROUTE,
  controller: UploadExamFileController,
  run: ({ params, body, envelope }, deps) => {
    if (!(body instanceof IncomingUpload)) throw new Error('an upload arrives as an IncomingUpload');
    return upload(params.id, body, deps, envelope);
  },
};
