import { randomUUID } from 'node:crypto';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { deterministicUuid } from '@exam/application';
import { ReopenReason } from '@exam/domain';
import { CommandAnswer } from '../http/command-route';
import { answerOf, examSlice } from './slice/command-slice';

export const REOPEN_REASONS: ReopenReason[] = ['missing_file', 'resit'];

export class RequestReopenRequest {
  @ApiProperty({ enum: REOPEN_REASONS }) @IsIn(REOPEN_REASONS) reason!: ReopenReason;
  @ApiProperty() @IsString() @Length(1, 20000) note!: string;
}

export class ReopenRequestAnswerDoc extends CommandAnswer {
  @ApiProperty() requestId!: string;
}

/** DOMAIN.md "Reopening": the exam's coach or assessor, or its institution's exam board, asks an admin. */
export const requestReopen = examSlice('RequestReopen', RequestReopenRequest, {
  gather: async (exam, { body: { reason, note }, envelope }, { facts }) => ({
    type: 'RequestReopen',
    now: envelope.now,
    reason,
    note,
    // A retried request (same Idempotency-Key) names the same request id.
    requestId: envelope.idempotencyKey ? deterministicUuid('reopen-request', envelope.actor.id, envelope.idempotencyKey) : randomUUID(),
    requestedBy: { id: envelope.actor.id, role: envelope.actor.role },
    policy: await facts.policy(exam.institutionId),
  }),
  // The id as written (or, on a retry, as first written).
  answer: (outcome) => {
    const [requested] = outcome.events;
    if (requested?.type !== 'ExamReopenRequested') throw new Error('a reopen request records ExamReopenRequested');
    return { ...answerOf(outcome), requestId: requested.data.requestId };
  },
  route: 'POST exams/:id/reopen-requests → 201',
  api: ['reopening', 'request', 'ExamReopenRequested'],
  summary: 'Request that an admin reopens the exam (missing file or resit)',
  answerDoc: ReopenRequestAnswerDoc,
});
