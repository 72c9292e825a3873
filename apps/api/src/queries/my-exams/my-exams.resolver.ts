import { QueryBus } from '@nestjs/cqrs';
import { Query, Resolver } from '@nestjs/graphql';
import { Actor } from '@exam/domain';
import { Exam } from '../../graphql/exam.types';
import { GraphqlActor } from '../../graphql/graphql-actor';
import { MyExamsQuery } from './my-exams.query';

@Resolver()
export class MyExamsResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query(() => [Exam], { description: 'learner: own exams' })
  myExams(@GraphqlActor() actor: Actor) {
    return this.queries.execute(new MyExamsQuery(actor));
  }
}
