import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { examSlice } from './slice/command-slice';

export class DeclineReopenRequestRequest {
  @ApiProperty() @IsString() @Length(1, 20000) note!: string;
}

export const declineReopenRequest = examSlice({
  command: 'DeclineReopenRequest',
  route: {
    method: 'POST',
    path: 'exams/:id/reopen-requests/:requestId/decline',
    status: 200,
    tag: 'reopening',
    operation: 'decline',
    event: 'ExamReopenRequestDeclined',
    summary: 'Decline an open reopen request',
  },
  body: DeclineReopenRequestRequest,
  gather: (_exam, { params, body: { note }, envelope: { now } }) => ({
    type: 'DeclineReopenRequest',
    now,
    requestId: params.requestId,
    note,
  }),
});
