import { OpenAPIObject } from '@nestjs/swagger';
import { ERROR_CODES } from './api-error';
import { CLIENT_ID } from './ids';

/** CONTRACT.md "Errors": every refusal has this body; `code` is one of ERROR_CODES. */
const ERROR_BODY = {
  type: 'object',
  required: ['statusCode', 'code', 'message'],
  properties: {
    statusCode: { type: 'integer' },
    code: { type: 'string', enum: [...ERROR_CODES], description: 'a stable code of CONTRACT.md "Errors"' },
    message: { type: 'string' },
    details: {
      type: 'object',
      additionalProperties: { type: 'array', items: { type: 'string' } },
      description: 'per field, for VALIDATION_FAILED',
    },
  },
};

const REFUSALS: Record<number, string> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED: no token, or one that is malformed, forged, expired or not valid yet',
  403: "FORBIDDEN: the caller's role may not use this route",
  413: 'FILE_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED: over RATE_LIMIT_PER_MINUTE; Retry-After says when to retry',
};

/** Headers in CONTRACT.md, declared once and referenced by each operation that reads or sends them. */
const PARAMETERS = {
  IdempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header' as const,
    required: false,
    description:
      'a retry with the same key returns the first answer without writing again; same key, other body: 409 IDEMPOTENCY_KEY_REUSED',
    schema: { type: 'string', format: 'uuid' },
  },
  CorrelationId: {
    name: 'X-Correlation-Id',
    in: 'header' as const,
    required: false,
    description: "recorded in the events' metadata (correlationId); a new one is made when absent",
    schema: { type: 'string' },
  },
  RequestId: {
    name: 'X-Request-Id',
    in: 'header' as const,
    required: false,
    description: 'echoed in the answer (CONTRACT.md "Operations"); generated when absent',
    schema: { type: 'string' },
  },
};

const HEADERS = {
  RequestId: {
    description: 'the request id: the one sent, or one generated (it is in the log line of this request)',
    schema: { type: 'string' },
  },
  RetryAfter: { description: 'seconds until the rate limit lets this caller in again', schema: { type: 'integer' } },
};

/** The content of a download whose bytes the API docs do not describe. */
export const BINARY = { schema: { type: 'string', format: 'binary' } };

const COMMAND_METHODS = new Set(['post', 'put', 'delete']);

interface Parameter {
  in?: string;
  name?: string;
  $ref?: string;
  schema?: Record<string, unknown>;
}

type Operation = {
  responses: Record<string, { description: string; content?: Record<string, unknown>; headers?: Record<string, unknown> }>;
  requestBody?: { required?: boolean; content?: Record<string, { schema?: { $ref?: string } }> };
  parameters?: Parameter[];
  security?: Record<string, string[]>[];
};

const ref = (kind: 'parameters' | 'headers' | 'schemas', name: string) => ({ $ref: `#/components/${kind}/${name}` });

/**
 * What every route can answer besides its own statuses (issue 10: no undocumented status), added in
 * one place: 400 where input is read, 401 and 429 on every guarded route, 403 where a role is
 * required, 415 where a body is read, 413 on uploads; the id rule on path parameters; the error
 * body's schema on every refusal; CONTRACT.md's headers; who may call (security) on every route.
 */
export function withRefusals(document: OpenAPIObject): OpenAPIObject {
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ErrorBody: ERROR_BODY },
    parameters: { ...document.components?.parameters, ...PARAMETERS },
    headers: { ...document.components?.headers, ...HEADERS },
  };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item) as [string, Operation][]) {
      if (typeof operation !== 'object' || !operation.responses) continue;
      // A route that takes a token documents it (ApiBearerAuth); public ones (health, verification, keys) take none,
      // and say so rather than leave it unsaid. Health probes (for orchestrators) are not rate-limited either.
      const guarded = operation.security !== undefined;
      const limited = !path.startsWith('/health/');
      operation.security = guarded ? [{ bearer: [] }] : [];
      // Path ids follow the client-id rule (docs/domain.md): say so, so clients and fuzzers know.
      // A verification code is no id: its route reads any text and answers 404 for what is not a code.
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in === 'path' && parameter.name !== 'code')
          parameter.schema = { type: 'string', pattern: CLIENT_ID.source, maxLength: 100 };
      }
      // A command without fields takes `{}` or no body at all.
      if (operation.requestBody?.content?.['application/json']?.schema?.$ref === '#/components/schemas/EmptyBody') {
        operation.requestBody.required = false;
      }
      const readsInput = (operation.parameters ?? []).some((p) => p.name !== 'code') || operation.requestBody !== undefined;
      operation.parameters = [
        ...(operation.parameters ?? []),
        ...(COMMAND_METHODS.has(method) ? [ref('parameters', 'IdempotencyKey'), ref('parameters', 'CorrelationId')] : []),
        ref('parameters', 'RequestId'),
      ];
      const statuses = [
        ...(readsInput ? [400] : []),
        ...(guarded ? [401, 403] : []),
        ...(limited ? [429] : []),
        ...(operation.requestBody ? [415] : []),
        ...(operation.requestBody?.content?.['multipart/form-data'] ? [413] : []),
      ];
      for (const status of statuses) operation.responses[status] ??= { description: REFUSALS[status] };
      for (const [status, response] of Object.entries(operation.responses)) {
        response.headers = { ...response.headers, 'X-Request-Id': ref('headers', 'RequestId') };
        if (status === '429') response.headers['Retry-After'] = ref('headers', 'RetryAfter');
        if (Number(status) >= 400 && !response.content) {
          response.content = { 'application/json': { schema: ref('schemas', 'ErrorBody') } };
        }
      }
    }
  }
  return document;
}

/**
 * operationIds in the domain's words: a controller answers one use case and is named after it
 * (`HandInExamController` → `handInExam`); the few with several routes name each route themselves.
 */
export function operationIdOf(controllerKey: string): string {
  const useCase = controllerKey.replace(/Controller$/, '');
  return useCase.charAt(0).toLowerCase() + useCase.slice(1);
}
