import { createHash, randomUUID } from 'node:crypto';
import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { CommandEnvelope } from '@exam/application';
import { canonicalJson } from '@exam/audit';
import { ApiError } from './api-error';
import { AuthenticatedRequest } from './auth';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function header(request: AuthenticatedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Fingerprint of what a retry must repeat exactly: method, path and body. */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${path}\n${canonicalJson(body ?? null)}`)
    .digest('hex');
}

/** Builds the command envelope from the request: actor from the token, time from the server clock. */
export function envelopeOf(request: AuthenticatedRequest, extraFingerprint?: unknown): CommandEnvelope {
  const idempotencyKey = header(request, 'idempotency-key');
  if (idempotencyKey !== undefined && !UUID.test(idempotencyKey)) {
    throw new ApiError(400, 'VALIDATION_FAILED', 'Idempotency-Key must be a UUID', { 'Idempotency-Key': ['must be a UUID'] });
  }
  const correlationId = header(request, 'x-correlation-id') ?? randomUUID();
  const path = request.url.split('?')[0];
  return {
    actor: request.actor,
    now: new Date().toISOString(),
    correlationId,
    causationId: String(request.id ?? correlationId),
    ...(idempotencyKey ? { idempotencyKey, requestHash: requestFingerprint(request.method, path, extraFingerprint ?? request.body) } : {}),
  };
}

export const Envelope = createParamDecorator((_: unknown, context: ExecutionContext): CommandEnvelope => {
  return envelopeOf(context.switchToHttp().getRequest<AuthenticatedRequest>());
});
