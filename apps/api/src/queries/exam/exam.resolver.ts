import { QueryBus } from '@nestjs/cqrs';
import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { Actor } from '@exam/domain';
import { Exam } from '../../graphql/exam.types';
import { GraphqlActor } from '../../graphql/graphql-actor';
import { ExamQuery } from './exam.query';

@Resolver()
export class ExamResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query(() => Exam, { nullable: true, description: 'anyone in scope; null when out of scope' })
  exam(@GraphqlActor() actor: Actor, @Args('id', { type: () => ID }) id: string) {
    return this.queries.execute(new ExamQuery(actor, id));
  }
}
