import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsString, Length, ValidateNested } from 'class-validator';
import { SampleOutcome } from '@exam/domain';
import { examSlice } from './slice/command-slice';

export class SampleFeedbackRequest {
  @ApiProperty() @IsString() @Length(1, 100) assignmentId!: string;
  @ApiProperty() @IsString() @Length(1, 20000) comment!: string;
}

export class AssessSampleRequest {
  @ApiProperty({ enum: ['approved', 'rejected'], description: 'rejected = the exam application is rejected' })
  @IsIn(['approved', 'rejected'])
  outcome!: SampleOutcome;

  @ApiProperty({ type: [SampleFeedbackRequest] })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => SampleFeedbackRequest)
  feedback!: SampleFeedbackRequest[];
}

export const assessSample = examSlice({
  command: 'AssessSample',
  route: {
    method: 'POST',
    path: 'exams/:id/sample/assess',
    status: 200,
    tag: 'sample',
    operation: 'assess',
    event: 'SampleAssessed',
    summary: 'Assess the sample in review',
  },
  body: AssessSampleRequest,
  gather: (_exam, { body, envelope: { now } }) => ({
    type: 'AssessSample',
    now,
    outcome: body.outcome,
    feedback: body.feedback.map(({ assignmentId, comment }) => ({ assignmentId, comment })),
  }),
});
