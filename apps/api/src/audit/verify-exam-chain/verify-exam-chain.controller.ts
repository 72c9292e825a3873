import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ChainVerdict, verifyChain } from '@exam/audit';
import { Actor } from '@exam/domain';
import { EventStore, RecordedEvent } from '@exam/event-store';
import { AUDIT_EVENTS, AuditEventDocument } from '@exam/projections';
import { ReadModelStore } from '@exam/read-models';
import { CurrentActor, Roles } from '../../http/auth';
import { EVENT_STORE, READ_MODEL_STORE } from '@exam/infrastructure';
import { AUDIT_ROLES, auditableExamStream } from '../audit-scope';

@ApiTags('audit')
@Controller()
export class VerifyExamChainController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
  ) {}

  @Get('audit/exams/:id/verify')
  @Roles(...AUDIT_ROLES)
  @ApiBearerAuth()
  @ApiOperation({
    summary: "Recompute an exam's hash chain",
    description:
      'Recomputes hash = sha256(prevHash + canonicalJSON({type, data, metadata-without-hashes, revision})) over the stored events ' +
      '(docs/audit.md) and reports the first broken revision. Events removed from the end of the stream are caught by comparing ' +
      'with the audit trail (a separate store). Roles: exam_board (own institution), admin.',
  })
  @ApiResponse({ status: 200, description: '{ valid, checked, brokenAtRevision?, reason? }' })
  @ApiResponse({ status: 403, description: 'FORBIDDEN for learners, coaches and assessors' })
  @ApiResponse({ status: 404, description: "NOT_FOUND, also for another institution's exam" })
  async verify(@Param('id') examId: string, @CurrentActor() actor: Actor): Promise<ChainVerdict> {
    const events = await auditableExamStream(this.store, actor, examId);
    const verdict = verifyChain(events);
    return verdict.valid ? this.crossCheck(events, verdict) : verdict;
  }

  /**
   * A chain cannot show that its newest events were removed (what is left still links up). The
   * audit trail recorded every event it saw, with its hash, in the read-model store: a revision
   * or hash it has that the event store no longer has is a break there. It may lag, never lead.
   */
  private async crossCheck(events: RecordedEvent[], verdict: ChainVerdict): Promise<ChainVerdict> {
    const stream = events[0].stream;
    const seen = await this.readModels
      .collection<AuditEventDocument>(AUDIT_EVENTS)
      .find({ stream }, { sort: { field: 'revision', direction: 1 } });
    for (const recorded of seen) {
      const stored = events[recorded.revision];
      if (stored === undefined) {
        return { valid: false, checked: verdict.checked, brokenAtRevision: events.length, reason: 'events_missing_at_end' };
      }
      if (stored.id !== recorded._id || stored.metadata.hash !== recorded.hash) {
        return { valid: false, checked: verdict.checked, brokenAtRevision: recorded.revision, reason: 'audit_trail_mismatch' };
      }
    }
    return verdict;
  }
}
