import { ApiError } from '../http/api-error';
import { EventMetadata, RecordedEvent } from '@exam/event-store';

/** Stored metadata without the chain (`Omit` would drop the named fields too: EventMetadata has an index signature). */
export type AuditMetadata = Pick<
  EventMetadata,
  'actorId' | 'actorRole' | 'occurredAt' | 'correlationId' | 'causationId' | 'schemaVersion'
> &
  Record<string, unknown>;

/**
 * One event as the audit API shows and exports it: metadata as stored minus the chain, which is
 * shown beside it (null on streams without a chain: institutions, programs, learners).
 * `hash = sha256(prevHash + canonicalJSON({type, data, metadata, revision}))` over exactly these fields.
 */
export interface AuditEvent {
  id: string;
  position: string;
  stream: string;
  revision: number;
  type: string;
  data: Record<string, unknown>;
  metadata: AuditMetadata;
  prevHash: string | null;
  hash: string | null;
}

export function toAuditEvent(event: RecordedEvent): AuditEvent {
  const { prevHash, hash, ...metadata } = event.metadata;
  return {
    id: event.id,
    position: event.position,
    stream: event.stream,
    revision: event.revision,
    type: event.type,
    data: event.data,
    metadata,
    prevHash: prevHash ?? null,
    hash: hash ?? null,
  };
}

/**
 * A query's instant as epoch ms; 400 VALIDATION_FAILED when it does not parse (class-validator's
 * IsISO8601 passes a few forms Date.parse cannot read, e.g. week dates).
 */
export function queryInstant(value: string, field: string): number;
export function queryInstant(value: string | undefined, field: string): number | undefined;
export function queryInstant(value: string | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    throw new ApiError(400, 'VALIDATION_FAILED', `invalid request: ${field}`, { [field]: [`${field} must be an ISO-8601 instant`] });
  }
  return ms;
}
