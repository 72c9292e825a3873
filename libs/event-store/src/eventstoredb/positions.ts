import type { Position } from '../event-store.port';

/** An EventStoreDB `$all` position, as the client reports it (structurally the client's `Position`). */
export interface LogPosition {
  commit: bigint;
  prepare: bigint;
}

/** Positions are unsigned 64-bit; the all-ones value is the server's "no position" (stream reads before 22.6). */
const MAX_LOG_POSITION = (1n << 64n) - 1n;
const DIGITS = MAX_LOG_POSITION.toString().length; // 20
const ENCODED = new RegExp(`^(\\d{${DIGITS}})/(\\d{${DIGITS}})$`);

/**
 * Our opaque position for EventStoreDB: `commit/prepare`, each zero-padded to 20 decimal digits
 * (`00000000000000001234/00000000000000001234`). EventStoreDB orders `$all` by commit, then
 * prepare: today's writes give each event commit = prepare = its log position, while events of an
 * explicit transaction share their commit record's position. Fixed-width digits make the string
 * order equal that order, so a position sorts correctly even where it is compared as text.
 */
export function encodePosition(position: LogPosition): Position {
  assertInRange(position.commit, 'commit');
  assertInRange(position.prepare, 'prepare');
  return `${position.commit.toString().padStart(DIGITS, '0')}/${position.prepare.toString().padStart(DIGITS, '0')}`;
}

export function decodePosition(position: Position): LogPosition {
  const match = ENCODED.exec(position);
  if (match === null) throw new TypeError(`not a position of the EventStoreDB event store: ${JSON.stringify(position)}`);
  const decoded = { commit: BigInt(match[1]), prepare: BigInt(match[2]) };
  assertInRange(decoded.commit, 'commit');
  assertInRange(decoded.prepare, 'prepare');
  return decoded;
}

export function compareLogPositions(a: LogPosition, b: LogPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

export function compareEncodedPositions(a: Position, b: Position): number {
  return compareLogPositions(decodePosition(a), decodePosition(b));
}

/** True when the server reported a real position (not absent, not its all-ones "no position"). */
export function isReportedPosition(position: LogPosition | undefined): position is LogPosition {
  return (
    position !== undefined &&
    position.commit >= 0n &&
    position.commit < MAX_LOG_POSITION &&
    position.prepare >= 0n &&
    position.prepare < MAX_LOG_POSITION
  );
}

function assertInRange(value: bigint, part: string): void {
  if (value < 0n || value >= MAX_LOG_POSITION) throw new RangeError(`EventStoreDB ${part} position out of range: ${value}`);
}
