import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';

export class AwardXpRequest {
  @ApiProperty({ minimum: 1 }) @IsInt() @Min(1) @Max(1_000_000) amount!: number;
  @ApiProperty({ description: 'what earned it, e.g. an assignment id' }) @IsString() @Length(1, 200) source!: string;
}
