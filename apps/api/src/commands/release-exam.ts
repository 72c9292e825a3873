import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { examSlice } from './slice/command-slice';

export class ReleaseExamRequest {
  @ApiPropertyOptional({ description: 'skip the sample and XP requirements, where the institution allows it' })
  @IsOptional()
  @IsBoolean()
  early?: boolean;
}

/** DOMAIN.md step 4. */
export const releaseExam = examSlice({
  command: 'ReleaseExam',
  route: {
    method: 'POST',
    path: 'exams/:id/release',
    status: 200,
    tag: 'exams',
    operation: 'release',
    event: 'ExamReleased',
    summary: 'Release the exam',
  },
  body: ReleaseExamRequest,
  gather: async (exam, { body, envelope: { now } }, { facts }) => ({
    type: 'ReleaseExam',
    now,
    early: body.early ?? false,
    policy: await facts.policy(exam.institutionId),
    program: await facts.program(exam.programId),
  }),
});
