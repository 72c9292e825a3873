import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ChainVerdict } from '@exam/audit';
import { Actor } from '@exam/domain';
import { EventStore } from '@exam/event-store';
import { examChainVerdict } from '@exam/projections';
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
    return examChainVerdict(await auditableExamStream(this.store, actor, examId), this.readModels);
  }
}
