import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class AssignAssessorRequest {
  @ApiProperty() @IsString() @Length(1, 100) assessorId!: string;
}
