import { compareEncodedPositions, decodePosition, encodePosition, isReportedPosition } from './positions';

const MAX = (1n << 64n) - 1n;

describe('EventStoreDB positions', () => {
  it('encodes {commit, prepare} as zero-padded commit/prepare and decodes it back', () => {
    expect(encodePosition({ commit: 1234n, prepare: 1200n })).toBe('00000000000000001234/00000000000000001200');
    expect(encodePosition({ commit: 0n, prepare: 0n })).toBe('00000000000000000000/00000000000000000000');
    const large = { commit: MAX - 1n, prepare: MAX - 2n };
    expect(decodePosition(encodePosition(large))).toEqual(large);
  });

  it('orders by commit, then prepare, and the strings sort the same way', () => {
    const inLogOrder = [
      { commit: 9n, prepare: 9n },
      { commit: 10n, prepare: 3n }, // events of one transaction share its commit position
      { commit: 10n, prepare: 10n },
      { commit: 10n, prepare: 110n },
      { commit: 200n, prepare: 200n },
      { commit: 1_000_000_000_000n, prepare: 1_000_000_000_000n },
    ].map(encodePosition);

    for (let i = 0; i < inLogOrder.length; i += 1) {
      for (let j = 0; j < inLogOrder.length; j += 1) {
        expect(compareEncodedPositions(inLogOrder[i], inLogOrder[j])).toBe(Math.sign(i - j));
      }
    }
    expect([...inLogOrder].reverse().sort()).toEqual(inLogOrder);
    expect([...inLogOrder].reverse().sort(compareEncodedPositions)).toEqual(inLogOrder);
  });

  it.each([
    '',
    '1',
    '42',
    'C:1/P:1',
    '1/1',
    '00000000000000001234/1200',
    '00000000000000001234-00000000000000001200',
    ' 00000000000000001234/00000000000000001234',
  ])('refuses %j, which is no position of this store', (foreign) => {
    expect(() => decodePosition(foreign)).toThrow(TypeError);
    expect(() => compareEncodedPositions(foreign, encodePosition({ commit: 1n, prepare: 1n }))).toThrow(TypeError);
  });

  it('refuses the server’s all-ones "no position" and anything beyond 64 bits', () => {
    expect(() => encodePosition({ commit: MAX, prepare: MAX })).toThrow(RangeError);
    expect(() => encodePosition({ commit: -1n, prepare: 0n })).toThrow(RangeError);
    expect(() => decodePosition(`${'9'.repeat(20)}/00000000000000000001`)).toThrow(RangeError);
    expect(isReportedPosition({ commit: MAX, prepare: MAX })).toBe(false);
    expect(isReportedPosition(undefined)).toBe(false);
    expect(isReportedPosition({ commit: 5n, prepare: 5n })).toBe(true);
  });
});
