import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsString, Length, ValidateNested } from 'class-validator';
import { SampleOutcome } from '@exam/domain';

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
