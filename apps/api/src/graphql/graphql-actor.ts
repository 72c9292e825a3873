import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { Actor } from '@exam/domain';

export interface GraphqlContext {
  actor: Actor;
}

/** The verified caller of a GraphQL query (set by the /graphql pre-handler, see graphql-request.hook.ts). */
export const GraphqlActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  return GqlExecutionContext.create(context).getContext<GraphqlContext>().actor;
});
