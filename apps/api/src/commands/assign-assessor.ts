import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { examSlice } from './slice/command-slice';

export class AssignAssessorRequest {
  @ApiProperty() @IsString() @Length(1, 100) assessorId!: string;
}

export const assignAssessor = examSlice({
  command: 'AssignAssessor',
  route: {
    method: 'POST',
    path: 'exams/:id/assessor',
    status: 200,
    tag: 'exams',
    operation: 'assign',
    event: 'AssessorAssigned',
    summary: 'Assign the assessor (any time before assessment)',
  },
  body: AssignAssessorRequest,
  gather: (_exam, { body: { assessorId }, envelope: { now } }) => ({ type: 'AssignAssessor', now, assessorId }),
});
