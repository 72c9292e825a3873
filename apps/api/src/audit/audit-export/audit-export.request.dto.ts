import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Length } from 'class-validator';
import { EXPORT_FORMATS, ExportFormat } from './export-format';

export class AuditExportRequest {
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

  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'ndjson' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format: ExportFormat = 'ndjson';
}
