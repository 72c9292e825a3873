import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandEnvelope, CommandResult, deterministicUuid, ExamCommandService, Facts } from '@exam/application';
import { randomUUID } from 'node:crypto';
import { answer } from '../answer';
import { RequestReopenRequest } from './request-reopen.request.dto';

export interface ReopenRequestAnswer extends CommandResult {
  requestId: string;
}

export class RequestReopen extends Command<ReopenRequestAnswer> {
  constructor(
    readonly examId: string,
    readonly request: RequestReopenRequest,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

@CommandHandler(RequestReopen)
export class RequestReopenHandler implements ICommandHandler<RequestReopen> {
  constructor(
    private readonly exams: ExamCommandService,
    private readonly facts: Facts,
  ) {}

  async execute({ examId, request, envelope }: RequestReopen): Promise<ReopenRequestAnswer> {
    // A retried request (same Idempotency-Key) must name the same request id.
    const requestId = envelope.idempotencyKey
      ? deterministicUuid('reopen-request', envelope.actor.id, envelope.idempotencyKey)
      : randomUUID();
    const outcome = await this.exams.execute('RequestReopen', examId, envelope, async (exam) => ({
      type: 'RequestReopen',
      now: envelope.now,
      requestId,
      reason: request.reason,
      note: request.note,
      requestedBy: { id: envelope.actor.id, role: envelope.actor.role },
      policy: await this.facts.policy(exam.institutionId),
    }));
    return { ...answer(outcome), requestId };
  }
}
