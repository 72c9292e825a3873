import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/** CONTRACT.md, "Audit": prevHash of revision 0. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainLink {
  type: string;
  data: unknown;
  /** Metadata as stored; prevHash and hash are left out of the hashed content. */
  metadata: Record<string, unknown>;
  revision: number;
}

/** A link as stored or exported: the hashes it carries, in its metadata. */
export type StoredChainLink = ChainLink & { metadata: { prevHash?: unknown; hash?: unknown } };

/** hash = sha256(prevHash + canonicalJSON({type, data, metadata-without-hashes, revision})). */
export function chainHash(prevHash: string, link: ChainLink): string {
  const { prevHash: _p, hash: _h, ...metadata } = link.metadata;
  return createHash('sha256')
    .update(prevHash + canonicalJson({ type: link.type, data: link.data, metadata, revision: link.revision }))
    .digest('hex');
}

/**
 * Why a chain broke: a revision is missing (deleted event), the prevHash does not name the
 * previous event's hash (deleted or reordered), the content does not match its hash (edited).
 * Beyond the chain itself (a separate record of the events is needed): events the audit trail
 * saw are gone from the end of the stream, or an event differs from the one the trail recorded.
 */
export type ChainBreak = 'revision_gap' | 'prev_hash_mismatch' | 'hash_mismatch' | 'events_missing_at_end' | 'audit_trail_mismatch';

export interface ChainVerdict {
  valid: boolean;
  checked: number;
  brokenAtRevision?: number;
  reason?: ChainBreak;
}

/** Where verification starts: revision 0 after the genesis hash, or (a partial export) a later revision after a trusted prevHash. */
export interface ChainAnchor {
  revision: number;
  prevHash: string;
}

/**
 * Verifies one stream's chain event by event, oldest first, keeping only the last hash: a stream of
 * any length (an export of millions of lines) is checked in constant memory. Stops at the first break.
 */
export class ChainVerifier {
  private prevHash: string;
  private expectedRevision: number;
  private checked = 0;
  private broken?: { revision: number; reason: ChainBreak };

  constructor(anchor: ChainAnchor = { revision: 0, prevHash: GENESIS_HASH }) {
    this.prevHash = anchor.prevHash;
    this.expectedRevision = anchor.revision;
  }

  /** Checks the next link; false once the chain is broken (here or earlier). */
  push(link: StoredChainLink): boolean {
    if (this.broken) return false;
    this.checked++;
    const reason = this.breakOf(link);
    if (reason) {
      this.broken = { revision: this.expectedRevision, reason };
      return false;
    }
    this.prevHash = link.metadata.hash as string;
    this.expectedRevision++;
    return true;
  }

  /** The revision the next link must have. */
  get nextRevision(): number {
    return this.expectedRevision;
  }

  get lastHash(): string {
    return this.prevHash;
  }

  verdict(): ChainVerdict {
    return this.broken
      ? { valid: false, checked: this.checked, brokenAtRevision: this.broken.revision, reason: this.broken.reason }
      : { valid: true, checked: this.checked };
  }

  private breakOf(link: StoredChainLink): ChainBreak | undefined {
    if (link.revision !== this.expectedRevision) return 'revision_gap';
    if (link.metadata.prevHash !== this.prevHash) return 'prev_hash_mismatch';
    if (link.metadata.hash !== chainHash(this.prevHash, link)) return 'hash_mismatch';
    return undefined;
  }
}

/**
 * Recomputes the chain over a stream's events, oldest first. A changed event breaks its own
 * hash; a deleted one leaves a gap in revisions or a prevHash that no longer matches.
 */
export function verifyChain(events: Iterable<StoredChainLink>, anchor?: ChainAnchor): ChainVerdict {
  const verifier = new ChainVerifier(anchor);
  for (const event of events) if (!verifier.push(event)) break;
  return verifier.verdict();
}
