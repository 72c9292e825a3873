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
import { ReopenExam, ReopenReason } from '@exam/domain';
import { examSlice } from './slice/command-slice';
import { REOPEN_REASONS } from './request-reopen';

@ValidatorConstraint({ name: 'eitherRequestOrReason' })
class EitherRequestOrReason implements ValidatorConstraintInterface {
  validate(_requestId: unknown, args: ValidationArguments): boolean {
    return args.object instanceof ReopenExamRequest && args.object.reason === undefined && args.object.note === undefined;
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

/** DOMAIN.md "Reopening": the admin decides. */
export const reopenExam = examSlice('ReopenExam', ReopenExamRequest, {
  gather: async (exam, { body: { requestId, reason, note }, envelope: { now } }, { facts }): Promise<ReopenExam> => {
    const policy = await facts.policy(exam.institutionId);
    if (requestId !== undefined) return { type: 'ReopenExam', now, policy, requestId };
    return { type: 'ReopenExam', now, policy, reason: reason!, note: note! }; // the DTO lets them through only together
  },
  route: 'POST exams/:id/reopen → 200',
  api: ['reopening', 'reopen', 'ExamReopened'],
  summary: 'Reopen the exam: approve an open request, or on your own initiative',
});
