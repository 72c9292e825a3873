import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { examSlice } from './slice/command-slice';

export class AssignAssessorRequest {
  @ApiProperty() @IsString() @Length(1, 100) assessorId!: string;
}

export const assignAssessor = examSlice('AssignAssessor', AssignAssessorRequest, {
  gather: (_exam, { body: { assessorId }, envelope: { now } }) => ({ type: 'AssignAssessor', now, assessorId }),
  route: 'POST exams/:id/assessor → 200',
  api: ['exams', 'assign', 'AssessorAssigned'],
  summary: 'Assign the assessor (any time before assessment)',
});
