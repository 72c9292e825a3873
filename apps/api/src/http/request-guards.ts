import rateLimit from '@fastify/rate-limit';
import { TokenVerifier } from '@exam/auth';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyRequest } from 'fastify';
import { ApiError } from './api-error';
import { verifiedActor } from './auth';
import { invalidPathIds } from './ids';
import { registerJsonBodyParser } from './json-body';

/**
 * What every request passes before a route runs (issue 10: no request can freeze or crash the
 * server): the JSON nesting limit, the id rule on path parameters, the rate limit, and the
 * security headers on every answer.
 */
export async function registerRequestGuards(app: NestFastifyApplication, tokens: TokenVerifier, perMinute: number): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  registerJsonBodyParser(fastify);
  fastify.addHook('preValidation', async (request) => {
    const details = invalidPathIds(request.params);
    if (details) throw new ApiError(400, 'VALIDATION_FAILED', `invalid id in the path: ${Object.keys(details).join(', ')}`, details);
  });
  // CONTRACT.md: per authenticated subject, per client address without a valid token; 429 RATE_LIMITED with Retry-After.
  await app.register(rateLimit, {
    global: true,
    max: perMinute,
    timeWindow: 60_000,
    allowList: (request) => request.url.startsWith('/health/'),
    keyGenerator: (request) => subjectOf(request, tokens),
    errorResponseBuilder: (_request, context) =>
      new ApiError(429, 'RATE_LIMITED', `more than ${context.max} requests a minute; retry in ${Math.ceil(context.ttl / 1000)} s`),
  });
  fastify.addHook('onSend', async (_request, reply) => {
    // Downloads carry the learner's bytes: never let a browser guess them into HTML.
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
  });
}

async function subjectOf(request: FastifyRequest, tokens: TokenVerifier): Promise<string> {
  const actor = await verifiedActor(request, tokens).catch(() => undefined);
  return actor ? `subject:${actor.id}` : `address:${request.ip}`;
}
