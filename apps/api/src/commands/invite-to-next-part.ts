import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsString, Length } from 'class-validator';
import { examSlice } from './slice/command-slice';
import { Omittable } from '../http/validation';

export class InviteToNextPartRequest {
  @ApiProperty() @IsString() @Length(1, 300) partTitle!: string;
  @ApiPropertyOptional() @Omittable() @IsString() @Length(0, 20000) note?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @Omittable() @IsISO8601({ strict: true }) scheduledAt?: string;
}

export const inviteToNextPart = examSlice('InviteToNextPart', InviteToNextPartRequest, {
  gather: async (exam, { body: { partTitle, note, scheduledAt }, envelope: { now } }, { facts }) => ({
    type: 'InviteToNextPart',
    now,
    partTitle,
    note,
    scheduledAt: scheduledAt ? new Date(scheduledAt).toISOString() : undefined,
    program: await facts.program(exam.programId),
  }),
  route: 'POST exams/:id/next-part → 200',
  api: ['assessment', 'invite', 'NextPartInvited'],
  summary: 'Invite the learner to the next part of the exam',
});
