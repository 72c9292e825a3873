import { applyDecorators, Delete, HttpCode, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiResponse } from '@nestjs/swagger';
import { Role } from '@exam/domain';
import { Roles } from './auth';

/** CONTRACT.md: every command answers `{ id, revision, position }`. */
export class CommandAnswer {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'revision of the stream after this command' }) revision!: number;
  @ApiProperty({ description: 'global position; send as X-Min-Position to read your own write' }) position!: string;
}

/** Commands without content still refuse unknown fields (CONTRACT.md: unknown fields rejected). */
export class EmptyBody {}

const METHODS = { POST: Post, PUT: Put, DELETE: Delete };

export interface CommandRouteSpec {
  method: keyof typeof METHODS;
  path: string;
  roles: Role[];
  status: 200 | 201 | 202;
  summary: string;
  /** Domain events this command may record (shown in the API docs). */
  event: string;
  answer?: new () => object;
}

/** One decorator per command route: path, success status, roles, and its API description. */
export function CommandRoute(spec: CommandRouteSpec): MethodDecorator {
  return applyDecorators(
    METHODS[spec.method](spec.path),
    HttpCode(spec.status),
    Roles(...spec.roles),
    ApiBearerAuth(),
    ApiOperation({ summary: spec.summary, description: `Roles: ${spec.roles.join(', ')}. Records ${spec.event}.` }),
    ApiResponse({ status: spec.status, type: spec.answer ?? CommandAnswer }),
    ApiResponse({ status: 400, description: 'VALIDATION_FAILED' }),
    ApiResponse({ status: 401, description: 'UNAUTHENTICATED' }),
    ApiResponse({ status: 403, description: 'FORBIDDEN' }),
    ApiResponse({ status: 404, description: 'NOT_FOUND' }),
    ApiResponse({ status: 409, description: 'a workflow rule code, CONCURRENCY_CONFLICT or IDEMPOTENCY_KEY_REUSED' }),
  );
}
