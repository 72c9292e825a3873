import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { SampleOutcome } from '@exam/domain';
import { NestedList } from '../http/validation';
import { examSlice } from './slice/command-slice';

export class SampleFeedbackRequest {
  @ApiProperty() @IsString() @Length(1, 100) assignmentId!: string;
  @ApiProperty() @IsString() @Length(1, 20000) comment!: string;
}

export class AssessSampleRequest {
  @ApiProperty({ enum: ['approved', 'rejected'], description: 'rejected = the exam application is rejected' })
  @IsIn(['approved', 'rejected'])
  outcome!: SampleOutcome;

  @NestedList(SampleFeedbackRequest, 500)
  feedback!: SampleFeedbackRequest[];
}

export const assessSample = examSlice('AssessSample', AssessSampleRequest, {
  gather: (_exam, { body, envelope: { now } }) => ({
    type: 'AssessSample',
    now,
    outcome: body.outcome,
    feedback: body.feedback.map(({ assignmentId, comment }) => ({ assignmentId, comment })),
  }),
  route: 'POST exams/:id/sample/assess → 200',
  api: ['sample', 'assess', 'SampleAssessed'],
  summary: 'Assess the sample in review',
});
