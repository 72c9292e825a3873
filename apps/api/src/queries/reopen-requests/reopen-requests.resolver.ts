import { QueryBus } from '@nestjs/cqrs';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { Actor } from '@exam/domain';
import { ReopenRequest } from '../../graphql/exam.types';
import { GraphqlActor } from '../../graphql/graphql-actor';
import { ReopenRequestsQuery } from './reopen-requests.query';

@Resolver()
export class ReopenRequestsResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query(() => [ReopenRequest], { description: 'admin: all; staff: those in scope' })
  reopenRequests(@GraphqlActor() actor: Actor, @Args('status', { type: () => String, nullable: true }) status?: string) {
    return this.queries.execute(new ReopenRequestsQuery(actor, status ?? undefined));
  }
}
