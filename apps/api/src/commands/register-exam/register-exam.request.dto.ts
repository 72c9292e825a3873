import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';

const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;

export class RegisterExamRequest {
  @ApiPropertyOptional({ description: 'defaults to an id derived from learnerId and programId (one exam per enrollment)' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @Matches(ID)
  examId?: string;

  @ApiProperty() @IsString() @Length(1, 100) @Matches(ID) learnerId!: string;
  @ApiProperty() @IsString() @Length(1, 100) @Matches(ID) programId!: string;
  @ApiProperty() @IsString() @Length(1, 100) @Matches(ID) institutionId!: string;
  @ApiProperty() @IsString() @Length(1, 100) @Matches(ID) coachId!: string;
}
