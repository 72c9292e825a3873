import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '@exam/domain';
import { AUDIT_EVENTS, AuditEventDocument } from '@exam/projections';
import { Filter, RangeCondition, ReadModelStore } from '@exam/read-models';
import { ApiError } from '../../http/api-error';
import { CurrentActor, Roles } from '../../http/auth';
import { READ_MODEL_STORE } from '@exam/infrastructure';
import { queryInstant } from '../audit-event';
import { AUDIT_ROLES, auditedInstitution } from '../audit-scope';
import { AuditEventsRequest } from './audit-events.request.dto';

export type AuditEventItem = Omit<AuditEventDocument, '_id' | 'eventId'> & { id: string };

export interface AuditEventsPage {
  items: AuditEventItem[];
  /** Pass as `after` for the next page; null when there was nothing more (yet). */
  nextCursor: string | null;
}

/**
 * The cursor is the last item's position key, its document's `_id` (base64url): keys only grow as the log grows, so a
 * page never repeats or skips an event whatever is appended while a client pages.
 */
const encodeCursor = (positionKey: string) => Buffer.from(positionKey, 'utf8').toString('base64url');

function decodeCursor(cursor: string): string {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (key.length === 0 || encodeCursor(key) !== cursor) {
    throw new ApiError(400, 'VALIDATION_FAILED', 'invalid request: after', { after: ['after must be a nextCursor of this API'] });
  }
  return key;
}

/** In the form occurredAt is written in (toISOString), so text order is time order. */
function instant(value: string | undefined, field: 'from' | 'to'): string | undefined {
  const ms = queryInstant(value, field);
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

@ApiTags('audit')
@Controller()
export class AuditEventsController {
  constructor(@Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore) {}

  @Get('audit/events')
  @Roles(...AUDIT_ROLES)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Events by institution, actor, type and time',
    description:
      'From the audit read model (eventually consistent), in log order, cursor-paginated (limit at most 500). ' +
      'Roles: exam_board (its own institution; 403 for another), admin (any, or all).',
  })
  @ApiResponse({ status: 200, description: '{ items, nextCursor }' })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED (limit above 500, bad cursor or instant)' })
  @ApiResponse({ status: 403, description: "FORBIDDEN for learners, coaches, assessors and for another institution's events" })
  async list(@Query() request: AuditEventsRequest, @CurrentActor() actor: Actor): Promise<AuditEventsPage> {
    const institutionId = auditedInstitution(actor, request.institutionId);
    const filter: Filter = {};
    if (institutionId !== undefined) filter.institutionId = institutionId;
    if (request.actorId !== undefined) filter.actorId = request.actorId;
    if (request.type !== undefined) filter.type = request.type;
    const from = instant(request.from, 'from');
    const to = instant(request.to, 'to');
    if (from !== undefined || to !== undefined) {
      const occurredAt: RangeCondition = {};
      if (from !== undefined) occurredAt.$gte = from;
      if (to !== undefined) occurredAt.$lt = to;
      filter.occurredAt = occurredAt;
    }
    if (request.after !== undefined) filter._id = { $gt: decodeCursor(request.after) };

    // One more than asked: tells whether there is a next page without a second query.
    const found = await this.readModels
      .collection<AuditEventDocument>(AUDIT_EVENTS)
      .find(filter, { sort: { field: '_id', direction: 1 }, limit: request.limit + 1 });
    const page = found.slice(0, request.limit);
    const more = found.length > request.limit;
    return {
      items: page.map(({ _id: _key, eventId, ...item }) => ({ id: eventId, ...item })),
      nextCursor: more ? encodeCursor(page[page.length - 1]._id) : null,
    };
  }
}
