import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601 } from 'class-validator';

export class ExamStateAsOfRequest {
  @ApiProperty({ description: 'ISO-8601 instant, e.g. 2026-03-01T12:00:00Z', example: '2026-03-01T12:00:00Z' })
  @IsISO8601({ strict: true }, { message: 'asOf must be an ISO-8601 instant' })
  asOf!: string;
}
