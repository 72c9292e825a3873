import { CanActivate, createParamDecorator, ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InvalidToken, TokenVerifier } from '@exam/auth';
import { Actor, Role } from '@exam/domain';
import { FastifyRequest } from 'fastify';
import { TOKEN_VERIFIER } from '@exam/infrastructure';
import { ApiError } from './api-error';

const ROLES_KEY = 'exam:roles';
const PUBLIC_KEY = 'exam:public';

/** The roles that may use a route at all (CONTRACT.md role column); others get 403. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** Health and API docs need no token. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export type AuthenticatedRequest = FastifyRequest & { actor: Actor };

/** Secure by default: every route needs a valid token unless marked @Public, and a listed role when it has @Roles. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly tokens: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // GraphQL is authenticated once per request before it runs (graphql/graphql-request.hook.ts).
    if (context.getType<string>() === 'graphql') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    request.actor = await verifiedActor(request, this.tokens);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(request.actor.role)) {
      throw new ApiError(403, 'FORBIDDEN', `a ${request.actor.role} may not use this route`);
    }
    return true;
  }
}

export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  return context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
});

const verified = new WeakMap<FastifyRequest, Promise<Actor>>();

/**
 * The request's actor, its token verified once per request however many ask (the rate limiter's key,
 * then the route guard or the GraphQL hook).
 */
export function verifiedActor(request: FastifyRequest, tokens: TokenVerifier): Promise<Actor> {
  let actor = verified.get(request);
  if (!actor) {
    actor = authenticate(request.headers.authorization, tokens);
    verified.set(request, actor);
  }
  return actor;
}

/** The actor, when this request's token was verified and valid; never verifies on its own (for the request log). */
export async function actorIfVerified(request: FastifyRequest): Promise<Actor | undefined> {
  return verified.get(request)?.catch(() => undefined);
}

/** The actor behind `Authorization: Bearer <token>`, or 401 UNAUTHENTICATED (REST and GraphQL alike). */
async function authenticate(header: string | undefined, tokens: TokenVerifier): Promise<Actor> {
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!match) throw new ApiError(401, 'UNAUTHENTICATED', 'a Bearer token is required');
  try {
    return await tokens.verify(match[1]);
  } catch (error) {
    if (error instanceof InvalidToken) throw new ApiError(401, 'UNAUTHENTICATED', error.message);
    throw error;
  }
}
