import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '@exam/domain';
import { EventStore } from '@exam/event-store';
import { CurrentActor, Roles } from '../../http/auth';
import { EVENT_STORE } from '@exam/infrastructure';
import { AuditEvent, toAuditEvent } from '../audit-event';
import { AUDIT_ROLES, auditableExamStream } from '../audit-scope';

export interface ExamHistory {
  examId: string;
  events: Omit<AuditEvent, 'stream'>[];
}

@ApiTags('audit')
@Controller()
export class AuditExamHistoryController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The complete history, oldest first, from the event store itself (never a read model, which could lag or be rebuilt). */
  @Get('audit/exams/:id')
  @Roles(...AUDIT_ROLES)
  @ApiBearerAuth()
  @ApiOperation({
    summary: "An exam's complete history",
    description:
      'Every event of the exam stream, oldest first, with position, revision, type, data, metadata (actorId, actorRole, occurredAt, ' +
      'correlationId, causationId, schemaVersion) and the hash chain (prevHash, hash). Roles: exam_board (own institution), admin.',
  })
  @ApiResponse({ status: 200, description: '{ examId, events: [{ id, position, revision, type, data, metadata, prevHash, hash }] }' })
  @ApiResponse({ status: 403, description: 'FORBIDDEN for learners, coaches and assessors' })
  @ApiResponse({ status: 404, description: "NOT_FOUND, also for another institution's exam" })
  async history(@Param('id') examId: string, @CurrentActor() actor: Actor): Promise<ExamHistory> {
    const events = await auditableExamStream(this.store, actor, examId);
    return { examId, events: events.map(toAuditEvent).map(({ stream: _stream, ...event }) => event) };
  }
}
