import { ChainVerdict, verifyChain } from '@exam/audit';
import { RecordedEvent } from '@exam/event-store';
import { ReadModelStore } from '@exam/read-models';
import { AUDIT_EVENTS, AuditEventDocument } from './audit-events.projector';

/**
 * An exam stream's hash chain, recomputed (docs/audit.md) and cross-checked with the audit trail.
 * A chain cannot show that its newest events were removed (what is left still links up). The
 * audit trail recorded every event it saw, with its hash, in the read-model store: a revision
 * or hash it has that the event store no longer has is a break there. It may lag, never lead.
 */
export async function examChainVerdict(events: RecordedEvent[], readModels: ReadModelStore): Promise<ChainVerdict> {
  const verdict = verifyChain(events);
  if (!verdict.valid || events.length === 0) return verdict;
  const stream = events[0].stream;
  const seen = await readModels
    .collection<AuditEventDocument>(AUDIT_EVENTS)
    .find({ stream }, { sort: { field: 'revision', direction: 1 } });
  for (const recorded of seen) {
    const stored = events[recorded.revision];
    if (stored === undefined) {
      return { valid: false, checked: verdict.checked, brokenAtRevision: events.length, reason: 'events_missing_at_end' };
    }
    if (stored.id !== recorded.eventId || stored.metadata.hash !== recorded.hash) {
      return { valid: false, checked: verdict.checked, brokenAtRevision: recorded.revision, reason: 'audit_trail_mismatch' };
    }
  }
  return verdict;
}
