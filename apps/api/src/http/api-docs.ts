import { OpenAPIObject } from '@nestjs/swagger';
import { CLIENT_ID } from './ids';

/** CONTRACT.md "Errors": every refusal has this body. */
const ERROR_BODY = {
  type: 'object',
  required: ['statusCode', 'code', 'message'],
  properties: {
    statusCode: { type: 'integer' },
    code: { type: 'string', description: 'a stable code of CONTRACT.md "Errors"' },
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
  429: 'RATE_LIMITED (with Retry-After)',
};

interface Parameter {
  in: string;
  name?: string;
  schema?: Record<string, unknown>;
}

type Operation = {
  responses: Record<string, { description: string; content?: Record<string, unknown> }>;
  requestBody?: { required?: boolean; content?: Record<string, { schema?: { $ref?: string } }> };
  parameters?: Parameter[];
  security?: unknown[];
};

/**
 * What every route can answer besides its own statuses (issue 10: no undocumented status), added in
 * one place: 400 where input is read, 401 and 429 on every guarded route, 403 where a role is
 * required, 415 where a body is read, 413 on uploads; the id rule on path parameters; and the
 * error body's schema on every refusal.
 */
export function withRefusals(document: OpenAPIObject): OpenAPIObject {
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ErrorBody: ERROR_BODY } };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const operation of Object.values(item) as Operation[]) {
      if (typeof operation !== 'object' || !operation.responses) continue;
      // A route that takes a token documents it (ApiBearerAuth); public ones (health, verification, keys) take none.
      const guarded = operation.security !== undefined;
      const limited = !path.startsWith('/health/');
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
      const statuses = [
        ...(readsInput ? [400] : []),
        ...(guarded ? [401, 403] : []),
        ...(limited ? [429] : []),
        ...(operation.requestBody ? [415] : []),
        ...(operation.requestBody?.content?.['multipart/form-data'] ? [413] : []),
      ];
      for (const status of statuses) operation.responses[status] ??= { description: REFUSALS[status] };
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) >= 400 && !response.content) {
          response.content = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } };
        }
      }
    }
  }
  return document;
}
