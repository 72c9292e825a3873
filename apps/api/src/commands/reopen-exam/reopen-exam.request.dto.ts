import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsString,
  Length,
  Validate,
  ValidateIf,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { ReopenReason } from '@exam/domain';
import { REOPEN_REASONS } from '../request-reopen/request-reopen.request.dto';

@ValidatorConstraint({ name: 'eitherRequestOrReason' })
class EitherRequestOrReason implements ValidatorConstraintInterface {
  validate(_requestId: unknown, args: ValidationArguments): boolean {
    const body = args.object as ReopenExamRequest;
    return body.reason === undefined && body.note === undefined;
  }
  defaultMessage(): string {
    return 'send either requestId, or reason and note, not both';
  }
}

/** Either `{ requestId }` (approve an open request) or `{ reason, note }` (the admin's own initiative). */
export class ReopenExamRequest {
  @ApiPropertyOptional({ description: 'the open request to approve' })
  @ValidateIf((r: ReopenExamRequest) => r.reason === undefined || r.requestId !== undefined)
  @IsString()
  @Length(1, 100)
  @Validate(EitherRequestOrReason)
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
}
