import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Length } from 'class-validator';

/** The institution and time window both audit listings filter by. */
export class AuditWindowRequest {
  @ApiPropertyOptional({ description: 'exam_board: its own (the default); admin: any, or all when omitted' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  institutionId?: string;

  @ApiPropertyOptional({ description: 'occurredAt >= from (ISO-8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'occurredAt < to (ISO-8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}
