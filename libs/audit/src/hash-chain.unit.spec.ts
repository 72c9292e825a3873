import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { chainHash, ChainVerifier, GENESIS_HASH, StoredChainLink, verifyChain } from './hash-chain';

/** A stream of n linked events, as the stream writer appends them. */
function chain(n: number): StoredChainLink[] {
  let prevHash = GENESIS_HASH;
  return Array.from({ length: n }, (_, revision) => {
    const link = {
      type: 'XpAwarded',
      data: { amount: revision, note: 'ä €' },
      metadata: { actorId: 'admin-1', occurredAt: `t${revision}` },
      revision,
    };
    const hash = chainHash(prevHash, link);
    const stored = { ...link, metadata: { ...link.metadata, prevHash, hash } };
    prevHash = hash;
    return stored;
  });
}

describe('canonical JSON (docs/audit.md)', () => {
  it('sorts keys at every depth, writes no whitespace, drops undefined members, keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' }, u: undefined })).toBe(
      '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}',
    );
    expect(canonicalJson([undefined, 'é\n"'])).toBe('[null,"é\\n\\""]');
    expect(canonicalJson({ B: 1, a: 2, _: 3 })).toBe('{"B":1,"_":3,"a":2}');
  });
});

describe('the hash chain', () => {
  it('hashes sha256(prevHash + canonicalJSON({type, data, metadata without hashes, revision}))', () => {
    const [first] = chain(1);
    const content = '{"data":{"amount":0,"note":"ä €"},"metadata":{"actorId":"admin-1","occurredAt":"t0"},"revision":0,"type":"XpAwarded"}';
    expect(first.metadata.hash).toBe(
      createHash('sha256')
        .update(GENESIS_HASH + content)
        .digest('hex'),
    );
  });

  it('verifies an intact chain and names the first broken revision and why', () => {
    expect(verifyChain(chain(5))).toEqual({ valid: true, checked: 5 });
    const edited = chain(5);
    edited[2] = { ...edited[2], data: { amount: 99 } };
    expect(verifyChain(edited)).toEqual({ valid: false, checked: 3, brokenAtRevision: 2, reason: 'hash_mismatch' });
    const deleted = chain(5).filter((e) => e.revision !== 3);
    expect(verifyChain(deleted)).toEqual({ valid: false, checked: 4, brokenAtRevision: 3, reason: 'revision_gap' });
    const renumbered = deleted.map((e, i) => ({ ...e, revision: i }));
    expect(verifyChain(renumbered)).toMatchObject({ valid: false, brokenAtRevision: 3, reason: 'prev_hash_mismatch' });
  });

  it('checks a partial chain from a trusted anchor, one link at a time', () => {
    const events = chain(6);
    const verifier = new ChainVerifier({ revision: 3, prevHash: events[2].metadata.hash as string });
    for (const event of events.slice(3)) expect(verifier.push(event)).toBe(true);
    expect(verifier.verdict()).toEqual({ valid: true, checked: 3 });
    expect(verifier.nextRevision).toBe(6);
    expect(verifier.push(events[0])).toBe(false);
    expect(verifier.push(events[5])).toBe(false); // stays broken
    expect(verifier.verdict()).toEqual({ valid: false, checked: 4, brokenAtRevision: 6, reason: 'revision_gap' });
  });
});
