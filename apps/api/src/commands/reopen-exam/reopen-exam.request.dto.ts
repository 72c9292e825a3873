import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmpty, IsIn, IsString, Length, ValidateIf } from 'class-validator';
import { ReopenReason } from '@exam/domain';
import { REOPEN_REASONS } from '../request-reopen/request-reopen.request.dto';

/** Either `{ requestId }` (approve an open request) or `{ reason, note }` (the admin's own initiative). */
export class ReopenExamRequest {
  @ApiPropertyOptional({ description: 'the open request to approve' })
  @ValidateIf((r: ReopenExamRequest) => r.reason === undefined || r.requestId !== undefined)
  @IsString()
  @Length(1, 100)
  requestId?: string;

  @ApiPropertyOptional({ enum: REOPEN_REASONS })
  @ValidateIf((r: ReopenExamRequest) => r.requestId === undefined)
  @IsIn(REOPEN_REASONS)
  reason?: ReopenReason;

  @ApiPropertyOptional()
  @ValidateIf((r: ReopenExamRequest) => r.requestId === undefined)
  @IsString()
  @Length(1, 20000)
  note?: string;

  /** Guards against a body that mixes both forms. */
  @ValidateIf((r: ReopenExamRequest) => r.requestId !== undefined && (r.reason !== undefined || r.note !== undefined))
  @IsEmpty({ message: 'send either requestId, or reason and note, not both' })
  private readonly mixed?: never;
}
