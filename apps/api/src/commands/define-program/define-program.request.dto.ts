import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsString, Length, Max, Min, ValidateNested } from 'class-validator';

export class ExamComponentRequest {
  @ApiProperty() @IsString() @Length(1, 100) id!: string;
  @ApiProperty() @IsString() @Length(1, 300) title!: string;
  @ApiProperty() @IsString() @Length(0, 20000) instructions!: string;
  @ApiProperty({ description: 'shown only, never enforced' }) @IsInt() @Min(0) @Max(100000) indicativeMinutes!: number;
}

export class DefineProgramRequest {
  @ApiProperty() @IsString() @Length(1, 300) title!: string;
  @ApiProperty() @IsInt() @Min(0) xpRequired!: number;
  @ApiProperty() @IsBoolean() hasNextPart!: boolean;

  @ApiProperty({ type: [ExamComponentRequest] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ExamComponentRequest)
  components!: ExamComponentRequest[];
}
