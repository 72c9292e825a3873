import { ApiPropertyOptional } from '@nestjs/swagger';
import { AuditWindowRequest } from '../audit-window.request.dto';
import { IsIn, IsOptional } from 'class-validator';
import { EXPORT_FORMATS, ExportFormat } from './export-format';

export class AuditExportRequest extends AuditWindowRequest {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'ndjson' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format: ExportFormat = 'ndjson';
}
