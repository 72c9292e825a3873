import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { EXAM_STATUSES, ExamStatus } from '@exam/domain';

/** CONTRACT.md's GraphQL schema, code first. `schema.graphql` is generated from these and checked against the contract. */
export const ExamStatusEnum = Object.fromEntries(EXAM_STATUSES.map((s) => [s, s])) as Record<ExamStatus, ExamStatus>;
registerEnumType(ExamStatusEnum, { name: 'ExamStatus' });

@ObjectType()
export class SampleFeedback {
  @Field(() => ID) assignmentId!: string;
  @Field() comment!: string;
}

@ObjectType()
export class Sample {
  @Field(() => Int) number!: number;
  @Field(() => String, { nullable: true }) outcome!: string | null;
  @Field(() => [SampleFeedback]) feedback!: SampleFeedback[];
  @Field() feedbackViewed!: boolean;
}

@ObjectType()
export class ExamComponent {
  @Field(() => ID) id!: string;
  @Field() title!: string;
  @Field() instructions!: string;
  @Field(() => Int) indicativeMinutes!: number;
}

@ObjectType()
export class ExamFile {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => Int) size!: number;
  @Field() mediaType!: string;
  @Field() sha256!: string;
  @Field(() => ID, { nullable: true }) componentId!: string | null;
  @Field() uploadedAt!: string;
}

@ObjectType()
export class VideoLink {
  @Field() url!: string;
  @Field() title!: string;
}

@ObjectType()
export class NextPart {
  @Field() partTitle!: string;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => String, { nullable: true }) scheduledAt!: string | null;
}

@ObjectType()
export class Assessment {
  @Field(() => Number, { nullable: true }) numeric!: number | null;
  @Field(() => String, { nullable: true }) rating!: string | null;
  @Field() passed!: boolean;
  @Field() feedback!: string;
  @Field() publishedAt!: string;
}

@ObjectType({ description: 'CONTRACT.md "People and personal data": null displayName when no profile is set, or erased' })
export class Person {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) displayName!: string | null;
  @Field() erased!: boolean;
}

@ObjectType()
export class Exam {
  @Field(() => ID) id!: string;
  @Field(() => ID) learnerId!: string;
  @Field(() => ID) coachId!: string;
  @Field(() => ID, { nullable: true }) assessorId!: string | null;
  @Field(() => ID) institutionId!: string;
  @Field(() => ID) programId!: string;
  @Field() programTitle!: string;
  @Field(() => ExamStatusEnum) status!: ExamStatus;
  @Field(() => Int) attempt!: number;
  @Field(() => Int) xp!: number;
  @Field(() => Int) xpRequired!: number;
  @Field(() => Sample, { nullable: true, description: 'latest sample' }) sample!: Sample | null;
  @Field(() => [ExamComponent], { description: 'with indicativeMinutes' }) components!: ExamComponent[];
  @Field(() => [ExamFile], { description: 'current attempt' }) files!: ExamFile[];
  @Field(() => [VideoLink]) videoLinks!: VideoLink[];
  @Field(() => String, { nullable: true }) handedInAt!: string | null;
  @Field(() => NextPart, { nullable: true }) nextPart!: NextPart | null;
  @Field(() => Assessment, { nullable: true, description: 'only once published' }) assessment!: Assessment | null;
  @Field() canHandIn!: boolean;
  @Field() proofOfParticipationAvailable!: boolean;
  @Field(() => Int) revision!: number;
}

@ObjectType()
export class Access {
  @Field() active!: boolean;
  @Field(() => String, { nullable: true }) validUntil!: string | null;
  @Field() trialUsed!: boolean;
  @Field(() => Int) trialDaysLeft!: number;
}

@ObjectType()
export class ReopenRequest {
  @Field(() => ID) id!: string;
  @Field(() => ID) examId!: string;
  @Field() reason!: string;
  @Field() note!: string;
  @Field(() => ID) requestedBy!: string;
  @Field() requestedByRole!: string;
  @Field() status!: string;
  @Field() createdAt!: string;
}

@ObjectType()
export class Notification {
  @Field(() => ID) id!: string;
  @Field() type!: string;
  @Field(() => ID, { nullable: true }) examId!: string | null;
  @Field() message!: string;
  @Field() createdAt!: string;
  @Field() read!: boolean;
}
