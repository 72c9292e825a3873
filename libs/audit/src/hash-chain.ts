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

/** hash = sha256(prevHash + canonicalJSON({type, data, metadata-without-hashes, revision})). */
export function chainHash(prevHash: string, link: ChainLink): string {
  const { prevHash: _p, hash: _h, ...metadata } = link.metadata;
  return createHash('sha256')
    .update(prevHash + canonicalJson({ type: link.type, data: link.data, metadata, revision: link.revision }))
    .digest('hex');
}

export interface ChainVerdict {
  valid: boolean;
  checked: number;
  brokenAtRevision?: number;
}

/**
 * Recomputes the chain over a stream's events, oldest first. A changed event breaks its own
 * hash; a deleted one leaves a gap in revisions or a prevHash that no longer matches.
 */
export function verifyChain(events: Iterable<ChainLink & { metadata: { prevHash?: unknown; hash?: unknown } }>): ChainVerdict {
  let prevHash = GENESIS_HASH;
  let expectedRevision = 0;
  let checked = 0;
  for (const event of events) {
    checked++;
    const broken =
      event.revision !== expectedRevision || event.metadata.prevHash !== prevHash || event.metadata.hash !== chainHash(prevHash, event);
    if (broken) return { valid: false, checked, brokenAtRevision: expectedRevision };
    prevHash = event.metadata.hash as string;
    expectedRevision++;
  }
  return { valid: true, checked };
}
