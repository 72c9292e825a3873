import { applyDecorators, Delete, HttpCode, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiResponse } from '@nestjs/swagger';
import { COMMAND_ROLES, CommandType } from '@exam/domain';
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
  status: 200 | 201 | 202;
  /** The API docs' group and the controller method's name (operationId `<Command>Controller_<operation>`). */
  tag: string;
  operation: string;
  summary: string;
  /** Domain events this command may record (shown in the API docs). */
  event: string;
  answer?: new () => object;
}

/** One decorator per command route: path, success status, the command's roles (from the domain), and its API description. */
export function CommandRoute(command: CommandType, spec: CommandRouteSpec): MethodDecorator {
  const roles = COMMAND_ROLES[command];
  return applyDecorators(
    METHODS[spec.method](spec.path),
    HttpCode(spec.status),
    Roles(...roles),
    ApiBearerAuth(),
    ApiOperation({ summary: spec.summary, description: `Roles: ${roles.join(', ')}. Records ${spec.event}.` }),
    ApiResponse({ status: spec.status, type: spec.answer ?? CommandAnswer }),
    ApiResponse({ status: 400, description: 'VALIDATION_FAILED' }),
    ApiResponse({ status: 401, description: 'UNAUTHENTICATED' }),
    ApiResponse({ status: 403, description: 'FORBIDDEN' }),
    ApiResponse({ status: 404, description: 'NOT_FOUND' }),
    ApiResponse({ status: 409, description: 'a workflow rule code, CONCURRENCY_CONFLICT or IDEMPOTENCY_KEY_REUSED' }),
  );
}
