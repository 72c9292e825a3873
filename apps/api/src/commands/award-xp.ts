import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';
import { examSlice } from './slice/command-slice';

export class AwardXpRequest {
  @ApiProperty({ minimum: 1 }) @IsInt() @Min(1) @Max(1_000_000) amount!: number;
  @ApiProperty({ description: 'what earned it, e.g. an assignment id' }) @IsString() @Length(1, 200) source!: string;
}

export const awardXp = examSlice('AwardXp', AwardXpRequest, {
  gather: (_exam, { body: { amount, source }, envelope: { now } }) => ({ type: 'AwardXp', now, amount, source }),
  route: 'POST exams/:id/xp → 200',
  api: ['exams', 'award', 'XpAwarded'],
  summary: 'Award XP for completed assignments',
});
