import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { examSlice } from './slice/command-slice';

export class DeclineReopenRequestRequest {
  @ApiProperty() @IsString() @Length(1, 20000) note!: string;
}

export const declineReopenRequest = examSlice('DeclineReopenRequest', DeclineReopenRequestRequest, {
  gather: (_exam, { params, body: { note }, envelope: { now } }) => ({
    type: 'DeclineReopenRequest',
    now,
    requestId: params.requestId,
    note,
  }),
  route: 'POST exams/:id/reopen-requests/:requestId/decline → 200',
  api: ['reopening', 'decline', 'ExamReopenRequestDeclined'],
  summary: 'Decline an open reopen request',
});
