import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { examSlice } from './slice/command-slice';
import { Omittable } from '../http/validation';

export class ReleaseExamRequest {
  @ApiPropertyOptional({ description: 'skip the sample and XP requirements, where the institution allows it' })
  @Omittable()
  @IsBoolean()
  early?: boolean;
}

/** DOMAIN.md step 4. */
export const releaseExam = examSlice('ReleaseExam', ReleaseExamRequest, {
  gather: async (exam, { body, envelope: { now } }, { facts }) => ({
    type: 'ReleaseExam',
    now,
    early: body.early ?? false,
    policy: await facts.policy(exam.institutionId),
    program: await facts.program(exam.programId),
  }),
  route: 'POST exams/:id/release → 200',
  api: ['exams', 'release', 'ExamReleased'],
  summary: 'Release the exam',
});
