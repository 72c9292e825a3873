import { randomUUID } from 'node:crypto';
import { FastifyInstance, FastifyReply, FastifyRequest, LogController, RawRequestDefaultExpression } from 'fastify';
import { actorIfVerified } from './auth';

/** A caller's own request id is kept only when it is short and plain (it lands in every log line). */
const CALLER_REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Fastify's options for our request log: its own two lines per request are replaced by registerRequestLog's one. */
export function requestLogOptions() {
  return { logController: new LogController({ disableRequestLogging: true }), genReqId: requestIdOf };
}

/** CONTRACT.md "Operations": `X-Request-Id` echoed from the request, or generated. */
function requestIdOf(request: RawRequestDefaultExpression): string {
  const header = request.headers['x-request-id'];
  return typeof header === 'string' && CALLER_REQUEST_ID.test(header) ? header : randomUUID();
}

const serverErrors = new WeakMap<FastifyRequest, unknown>();

/** A 5xx's cause, logged on the request's one line (with its reqId, route and actor) instead of on its own. */
export function noteServerError(request: FastifyRequest, error: unknown): void {
  serverErrors.set(request, error);
}

/**
 * One JSON line per request, when it is answered: reqId (pino's child binding), method, route (the
 * matched pattern, not the raw URL: ids stay out of the route and the line stays groupable), status,
 * duration and the authenticated subject; a 5xx is logged at error level with its cause.
 */
export function registerRequestLog(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  fastify.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    const actor = await actorIfVerified(request);
    const line = {
      method: request.method,
      route: request.routeOptions.url ?? null,
      status: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 10) / 10,
      actorId: actor?.id ?? null,
    };
    if (reply.statusCode < 500) return request.log.info(line, 'request');
    const error = serverErrors.get(request);
    request.log.error({ ...line, ...(error instanceof Error ? { err: error } : { cause: String(error) }) }, 'request failed');
  });
}
