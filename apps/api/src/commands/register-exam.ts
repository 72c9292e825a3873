import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { deterministicUuid } from '@exam/application';
import { authorizeExamCommand, examDecider } from '@exam/domain';
import { examStream } from '@exam/event-store';
import { CLIENT_ID, CLIENT_ID_MESSAGE } from '../http/ids';
import { answerOf, commandSlice } from './slice/command-slice';
import { Omittable } from '../http/validation';

const CLIENT_ID_RULE = { message: `$property ${CLIENT_ID_MESSAGE}` };

export class RegisterExamRequest {
  @ApiPropertyOptional({ description: 'defaults to an id derived from learnerId and programId (one exam per enrollment)' })
  @Omittable()
  @IsString()
  @Length(1, 100)
  @Matches(CLIENT_ID, CLIENT_ID_RULE)
  examId?: string;

  @ApiProperty() @IsString() @Length(1, 100) @Matches(CLIENT_ID, CLIENT_ID_RULE) learnerId!: string;
  @ApiProperty() @IsString() @Length(1, 100) @Matches(CLIENT_ID, CLIENT_ID_RULE) programId!: string;
  @ApiProperty() @IsString() @Length(1, 100) @Matches(CLIENT_ID, CLIENT_ID_RULE) institutionId!: string;
  @ApiProperty() @IsString() @Length(1, 100) @Matches(CLIENT_ID, CLIENT_ID_RULE) coachId!: string;
}

/** Enrollment: the exam's id comes from the body (there is no exam to be in scope of yet). */
export const registerExam = commandSlice('RegisterExam', RegisterExamRequest, {
  run: async ({ body, envelope }, { writer, facts }) => {
    const { learnerId, programId, institutionId, coachId } = body;
    authorizeExamCommand(envelope.actor, 'RegisterExam', undefined);
    // DOMAIN.md: one exam per learner per program enrollment; the default id makes a second one collide.
    const examId = body.examId ?? deterministicUuid('exam', learnerId, programId);
    const outcome = await writer.handle(
      examDecider,
      examStream(examId),
      async () => {
        await facts.program(programId); // both must exist before an exam can depend on them
        await facts.policy(institutionId);
        return { type: 'RegisterExam' as const, now: envelope.now, examId, learnerId, programId, institutionId, coachId };
      },
      envelope,
    );
    return answerOf(outcome);
  },
  route: 'POST exams → 201',
  api: ['exams', 'register', 'ExamRegistered'],
  summary: 'Enroll a learner: register their exam',
});
