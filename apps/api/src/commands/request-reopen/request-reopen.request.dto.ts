import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { ReopenReason } from '@exam/domain';

export const REOPEN_REASONS: ReopenReason[] = ['missing_file', 'resit'];

export class RequestReopenRequest {
  @ApiProperty({ enum: REOPEN_REASONS }) @IsIn(REOPEN_REASONS) reason!: ReopenReason;
  @ApiProperty() @IsString() @Length(1, 20000) note!: string;
}
