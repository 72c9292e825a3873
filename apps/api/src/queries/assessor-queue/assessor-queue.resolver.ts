import { QueryBus } from '@nestjs/cqrs';
import { Query, Resolver } from '@nestjs/graphql';
import { Actor } from '@exam/domain';
import { Exam } from '../../graphql/exam.types';
import { GraphqlActor } from '../../graphql/graphql-actor';
import { AssessorQueueQuery } from './assessor-queue.query';

@Resolver()
export class AssessorQueueResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query(() => [Exam], { description: 'assessor: assigned exams HANDED_IN or NEXT_PART_INVITED' })
  assessorQueue(@GraphqlActor() actor: Actor) {
    return this.queries.execute(new AssessorQueueQuery(actor));
  }
}
