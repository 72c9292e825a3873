import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '@exam/domain';
import { EventStore } from '@exam/event-store';
import { CurrentActor, Roles } from '../../http/auth';
import { EVENT_STORE } from '@exam/infrastructure';
import { PeopleDirectory } from '@exam/personal-data';
import { AuditEvent, toAuditEvent } from '../audit-event';
import { AUDIT_ROLES, auditableExamStream } from '../audit-scope';

export interface ExamHistory {
  examId: string;
  events: Omit<AuditEvent, 'stream'>[];
  /** Alongside the ids: each actor's and the exam's people's names, as known now (null once erased). */
  people: Record<string, { displayName: string | null; erased: boolean }>;
}

/** The people an exam's history names: who acted, and whom the events are about. */
function peopleIn(events: AuditEvent[]): string[] {
  const ids = events.flatMap((event) => {
    const { learnerId, coachId, assessorId } = event.data as Record<string, unknown>;
    return [event.metadata.actorId, learnerId, coachId, assessorId];
  });
  return [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
}

@ApiTags('audit')
@Controller()
export class AuditExamHistoryController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly directory: PeopleDirectory,
  ) {}

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
  @ApiResponse({
    status: 200,
    description:
      '{ examId, events: [{ id, position, revision, type, data, metadata, prevHash, hash }], people: { <id>: { displayName, erased } } }',
  })
  @ApiResponse({ status: 403, description: 'FORBIDDEN for learners, coaches and assessors' })
  @ApiResponse({ status: 404, description: "NOT_FOUND, also for another institution's exam" })
  async history(@Param('id') examId: string, @CurrentActor() actor: Actor): Promise<ExamHistory> {
    const events = (await auditableExamStream(this.store, actor, examId)).map(toAuditEvent);
    const people = await this.directory.people(peopleIn(events));
    return {
      examId,
      events: events.map(({ stream: _stream, ...event }) => event),
      people: Object.fromEntries(people.map(({ id, displayName, erased }) => [id, { displayName, erased }])),
    };
  }
}
