import { QueryBus } from '@nestjs/cqrs';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { Actor } from '@exam/domain';
import { Notification } from '../../graphql/exam.types';
import { GraphqlActor } from '../../graphql/graphql-actor';
import { NotificationsQuery } from './notifications.query';

@Resolver()
export class NotificationsResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query(() => [Notification])
  async notifications(@GraphqlActor() actor: Actor, @Args('unreadOnly', { type: () => Boolean, nullable: true }) unreadOnly?: boolean) {
    const documents = await this.queries.execute(new NotificationsQuery(actor, unreadOnly ?? false));
    return documents.map(({ _id, people: _people, ...rest }) => ({ id: _id, ...rest }));
  }
}
