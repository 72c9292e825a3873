import { ApiPropertyOptional } from '@nestjs/swagger';
import { AuditWindowRequest } from '../audit-window.request.dto';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

export const MAX_AUDIT_PAGE = 500;
const DEFAULT_AUDIT_PAGE = 100;

export class AuditEventsRequest extends AuditWindowRequest {
  @ApiPropertyOptional({ description: 'who acted (metadata.actorId)' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  actorId?: string;

  @ApiPropertyOptional({ description: 'event type, e.g. ExamHandedIn' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  type?: string;

  @ApiPropertyOptional({ description: 'the nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,400}$/, { message: 'after must be a nextCursor of this API' })
  after?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_AUDIT_PAGE, default: DEFAULT_AUDIT_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_AUDIT_PAGE)
  limit: number = DEFAULT_AUDIT_PAGE;
}
