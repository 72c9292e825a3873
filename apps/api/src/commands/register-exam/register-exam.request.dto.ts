import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { CLIENT_ID, CLIENT_ID_MESSAGE } from '../../http/ids';

export class RegisterExamRequest {
  @ApiPropertyOptional({ description: 'defaults to an id derived from learnerId and programId (one exam per enrollment)' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @Matches(CLIENT_ID, { message: `$property ${CLIENT_ID_MESSAGE}` })
  examId?: string;

  @ApiProperty() @IsString() @Length(1, 100) @Matches(CLIENT_ID, { message: `$property ${CLIENT_ID_MESSAGE}` }) learnerId!: string;
  @ApiProperty() @IsString() @Length(1, 100) @Matches(CLIENT_ID, { message: `$property ${CLIENT_ID_MESSAGE}` }) programId!: string;
  @ApiProperty() @IsString() @Length(1, 100) @Matches(CLIENT_ID, { message: `$property ${CLIENT_ID_MESSAGE}` }) institutionId!: string;
  @ApiProperty() @IsString() @Length(1, 100) @Matches(CLIENT_ID, { message: `$property ${CLIENT_ID_MESSAGE}` }) coachId!: string;
}
