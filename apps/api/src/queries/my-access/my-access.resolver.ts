import { QueryBus } from '@nestjs/cqrs';
import { Query, Resolver } from '@nestjs/graphql';
import { Actor } from '@exam/domain';
import { Access } from '../../graphql/exam.types';
import { GraphqlActor } from '../../graphql/graphql-actor';
import { MyAccessQuery } from './my-access.query';

@Resolver()
export class MyAccessResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query(() => Access, { description: 'learner' })
  myAccess(@GraphqlActor() actor: Actor) {
    return this.queries.execute(new MyAccessQuery(actor));
  }
}
