import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { Actor } from '@exam/domain';
import { ApiError } from '../http/api-error';
import { PeopleLoaders } from './people-loaders';

export interface GraphqlContext {
  actor: Actor;
  people: PeopleLoaders;
}

/** The verified caller of a GraphQL query (set by the /graphql pre-handler, see graphql-request.hook.ts). */
export const GraphqlActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = GqlExecutionContext.create(context).getContext<Partial<GraphqlContext>>().actor;
  // Secure by default: a resolver never runs for nobody, whatever route led here.
  if (!actor) throw new ApiError(401, 'UNAUTHENTICATED', 'a Bearer token is required');
  return actor;
});
