import { InvalidToken, verifyToken } from '@exam/auth';
import { ReadSideProgress } from '@exam/projections';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { toErrorBody } from '../http/error-mapping';
import { ApiError } from '../http/api-error';

/** CONTRACT.md: the server waits at most 5 s for the read models to reach X-Min-Position. */
export const MIN_POSITION_WAIT_MS = 5000;
const POLL_MS = 25;

/**
 * Before /graphql runs: authenticate (401 like every route) and honour X-Min-Position
 * (read-your-writes; 503 PROJECTION_LAGGING when the read models do not catch up in time).
 */
export function registerGraphqlRequestHook(fastify: FastifyInstance, secret: string, progress: ReadSideProgress): void {
  fastify.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    // The matched route, not the raw URL: the router decodes escapes, so "/%67raphql" is /graphql too.
    if (request.routeOptions.url !== '/graphql') return;
    try {
      (request as FastifyRequest & { actor: unknown }).actor = authenticate(request, secret);
      await waitForMinPosition(request, progress);
    } catch (error) {
      const body = toErrorBody(error);
      return reply.status(body.statusCode).send(body);
    }
  });
}

function authenticate(request: FastifyRequest, secret: string) {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (!match) throw new ApiError(401, 'UNAUTHENTICATED', 'a Bearer token is required');
  try {
    return verifyToken(match[1], secret, Math.floor(Date.now() / 1000));
  } catch (error) {
    if (error instanceof InvalidToken) throw new ApiError(401, 'UNAUTHENTICATED', error.message);
    throw error;
  }
}

async function waitForMinPosition(request: FastifyRequest, progress: ReadSideProgress): Promise<void> {
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
  while (!(await caughtUp())) {
    if (Date.now() >= deadline) {
      throw new ApiError(503, 'PROJECTION_LAGGING', `the read models have not reached position ${position} within 5 s; retry`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
