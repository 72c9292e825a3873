import { Position } from '@exam/event-store';

const KEY_DIGITS = 20;

/**
 * A key that sorts like the log, as plain text. Positions are opaque strings compared by the
 * store's own `comparePositions`; the embedded stores write decimal integers ("9" < "10" only as
 * numbers), so an all-digit position is zero-padded to 20 digits (every safe integer fits).
 * EventStoreDB positions are already fixed-width and sort as text: kept as they are.
 */
export function positionKey(position: Position): string {
  return /^\d+$/.test(position) ? position.padStart(KEY_DIGITS, '0') : position;
}
