import type { Position } from '../event-store.port';

/**
 * Positions of the embedded adapters (SQLite, in-memory): the log's integer sequence number
 * written as a decimal string, "1" for the first event. Compared as numbers, so "9" < "10".
 */
export function toDecimalPosition(sequence: number | bigint): Position {
  return String(sequence);
}

export function parseDecimalPosition(position: Position): number {
  if (!/^(0|[1-9]\d*)$/.test(position)) throw new TypeError(`not a position of this event store: ${JSON.stringify(position)}`);
  const sequence = Number(position);
  if (!Number.isSafeInteger(sequence)) throw new RangeError(`position out of range: ${position}`);
  return sequence;
}

export function compareDecimalPositions(a: Position, b: Position): number {
  return Math.sign(parseDecimalPosition(a) - parseDecimalPosition(b));
}
