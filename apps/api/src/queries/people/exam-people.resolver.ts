import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { PersonView } from '@exam/personal-data';
import { Exam, Person } from '../../graphql/exam.types';
import { PeopleLoaders } from '../../graphql/people-loaders';

/** Names on every Exam, whichever query returns it (exam, myExams, the queues): looked up at read time, never stored in views. */
@Resolver(() => Exam)
export class ExamPeopleResolver {
  @ResolveField(() => Person)
  learner(@Parent() exam: Exam, @Context('people') people: PeopleLoaders): Promise<PersonView> {
    return people.person.load(exam.learnerId);
  }

  @ResolveField(() => Person)
  coach(@Parent() exam: Exam, @Context('people') people: PeopleLoaders): Promise<PersonView> {
    return people.person.load(exam.coachId);
  }

  @ResolveField(() => Person, { nullable: true })
  assessor(@Parent() exam: Exam, @Context('people') people: PeopleLoaders): Promise<PersonView> | null {
    return exam.assessorId ? people.person.load(exam.assessorId) : null;
  }

  @ResolveField(() => String, { nullable: true })
  institutionName(@Parent() exam: Exam, @Context('people') people: PeopleLoaders): Promise<string | null> {
    return people.institutionName.load(exam.institutionId);
  }
}
