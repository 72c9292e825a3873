import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsNumber, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { NUMERIC_MAX, NUMERIC_MIN, Rating, RATINGS } from '@exam/domain';
import { examSlice } from './slice/command-slice';
import { Omittable } from '../http/validation';

export class GradeRequest {
  @ApiPropertyOptional({ minimum: 1, maximum: 10, description: 'numeric scale' })
  @Omittable()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(NUMERIC_MIN)
  @Max(NUMERIC_MAX)
  numeric?: number;

  @ApiPropertyOptional({ enum: RATINGS, description: 'rating scale' })
  @Omittable()
  @IsIn(RATINGS)
  rating?: Rating;
}

export class PublishAssessmentRequest {
  @ApiProperty({ type: GradeRequest })
  @IsDefined()
  @ValidateNested()
  @Type(() => GradeRequest)
  grade!: GradeRequest;

  @ApiProperty() @IsString() @Length(0, 50000) feedback!: string;
}

/** DOMAIN.md step 11: graded on the institution's scale. */
export const publishAssessment = examSlice('PublishAssessment', PublishAssessmentRequest, {
  gather: async (
    exam,
    {
      body: {
        grade: { numeric, rating },
        feedback,
      },
      envelope: { now },
    },
    { facts },
  ) => ({
    type: 'PublishAssessment',
    now,
    feedback,
    grade: { ...(numeric !== undefined ? { numeric } : {}), ...(rating !== undefined ? { rating } : {}) },
    policy: await facts.policy(exam.institutionId),
  }),
  route: 'POST exams/:id/assessment → 200',
  api: ['assessment', 'publish', 'AssessmentPublished'],
  summary: "Publish the assessment on the institution's grading scale",
});
