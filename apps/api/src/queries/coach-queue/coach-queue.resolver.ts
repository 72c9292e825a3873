import { QueryBus } from '@nestjs/cqrs';
import { Query, Resolver } from '@nestjs/graphql';
import { Actor } from '@exam/domain';
import { Exam } from '../../graphql/exam.types';
import { GraphqlActor } from '../../graphql/graphql-actor';
import { CoachQueueQuery } from './coach-queue.query';

@Resolver()
export class CoachQueueResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query(() => [Exam], { description: "coach: own learners' exams needing action (sample to assess, release due)" })
  coachQueue(@GraphqlActor() actor: Actor) {
    return this.queries.execute(new CoachQueueQuery(actor));
  }
}
