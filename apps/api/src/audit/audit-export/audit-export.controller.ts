import { Readable } from 'node:stream';
import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '@exam/domain';
import { EventStore } from '@exam/event-store';
import { FastifyReply } from 'fastify';
import { CurrentActor, Roles } from '../../http/auth';
import { EVENT_STORE } from '@exam/infrastructure';
import { queryInstant } from '../audit-event';
import { AUDIT_ROLES, auditedInstitution } from '../audit-scope';
import { AuditExportRequest } from './audit-export.request.dto';
import { CONTENT_TYPES } from './export-format';
import { exportChunks } from './export-stream';

@ApiTags('audit')
@Controller()
export class AuditExportController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get('audit/export')
  @Roles(...AUDIT_ROLES)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Export the event log (NDJSON or CSV)',
    description:
      'Streamed straight from the event store with back-pressure, in constant memory whatever the size. Every line carries ' +
      'prevHash and hash: verify with `npm run audit:verify -- <file>` (docs/audit.md). ' +
      'Roles: exam_board (its own institution; 403 for another), admin (any, or all).',
  })
  @ApiResponse({
    status: 200,
    description: 'one event per line, log order (format=ndjson, the default, or format=csv)',
    content: { 'application/x-ndjson': { schema: { type: 'string' } }, 'text/csv': { schema: { type: 'string' } } },
  })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED' })
  @ApiResponse({ status: 403, description: "FORBIDDEN for learners, coaches, assessors and for another institution's events" })
  async export(@Query() request: AuditExportRequest, @CurrentActor() actor: Actor, @Res() reply: FastifyReply) {
    const institutionId = auditedInstitution(actor, request.institutionId);
    const fromMs = queryInstant(request.from, 'from');
    const toMs = queryInstant(request.to, 'to');
    const body = Readable.from(exportChunks(this.store, { institutionId, fromMs, toMs, format: request.format }), {
      objectMode: false,
      highWaterMark: 64 * 1024,
    });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    // No Content-Length: the size is known only at the end (and see download-exam-file on keep-alive).
    return reply
      .header('content-type', CONTENT_TYPES[request.format])
      .header('content-disposition', `attachment; filename="audit-export-${stamp}.${request.format}"`)
      .header('cache-control', 'no-store')
      .send(body);
  }
}
