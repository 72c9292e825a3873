import { TokenVerifier } from '@exam/auth';
import { ReadSideProgress } from '@exam/projections';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../http/api-error';
import { sendError } from '../http/error.filter';
import { verifiedActor } from '../http/auth';

/** CONTRACT.md: the server waits at most 5 s for the read models to reach X-Min-Position. */
export const MIN_POSITION_WAIT_MS = 5000;
const POLL_MS = 25;

/**
 * Before /graphql runs: authenticate (401 like every route) and honour X-Min-Position
 * (read-your-writes; 503 PROJECTION_LAGGING when the read models do not catch up in time).
 * A query still unanswered after `timeoutMs` is answered 503 SERVICE_UNAVAILABLE, so a client never
 * waits on a read for ever (the limits keep any one query's work small; this bounds the waiting).
 */
export function registerGraphqlRequestHook(
  fastify: FastifyInstance,
  tokens: TokenVerifier,
  progress: ReadSideProgress,
  timeoutMs: number,
): void {
  fastify.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    // The matched route, not the raw URL: the router decodes escapes, so "/%67raphql" is /graphql too.
    if (request.routeOptions.url !== '/graphql') return;
    const timer = setTimeout(() => {
      if (reply.sent) return;
      void sendError(request, reply, new ApiError(503, 'SERVICE_UNAVAILABLE', `the query was not answered within ${timeoutMs} ms; retry`));
    }, timeoutMs);
    reply.raw.once('close', () => clearTimeout(timer));
    try {
      (request as FastifyRequest & { actor: unknown }).actor = await verifiedActor(request, tokens);
      await waitForMinPosition(request, progress, () => reply.sent);
    } catch (error) {
      if (reply.sent) return reply;
      return sendError(request, reply, error);
    }
    if (reply.sent) return reply;
  });
}

async function waitForMinPosition(request: FastifyRequest, progress: ReadSideProgress, answered: () => boolean): Promise<void> {
  const header = request.headers['x-min-position'];
  const position = Array.isArray(header) ? header[0] : header;
  if (position === undefined) return;
  if (!/^[0-9A-Za-z/:_-]{1,100}$/.test(position)) {
    throw new ApiError(400, 'VALIDATION_FAILED', 'X-Min-Position must be a position from a command answer', {
      'X-Min-Position': ['invalid'],
    });
  }
  const deadline = Date.now() + MIN_POSITION_WAIT_MS;
  const caughtUp = async () => {
    try {
      return await progress.caughtUpTo(position);
    } catch (error) {
      if (error instanceof TypeError || error instanceof RangeError) {
        throw new ApiError(400, 'VALIDATION_FAILED', 'X-Min-Position is not a position of this store', { 'X-Min-Position': ['invalid'] });
      }
      throw error;
    }
  };
  while (!answered() && !(await caughtUp())) {
    if (Date.now() >= deadline) {
      throw new ApiError(503, 'PROJECTION_LAGGING', `the read models have not reached position ${position} within 5 s; retry`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
