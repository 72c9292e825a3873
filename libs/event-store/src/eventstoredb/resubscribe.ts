import type { Position, RecordedEvent } from '../event-store.port';

/** One server subscription: its events, and a way to end it that also ends a pending read. */
export interface OpenedSubscription {
  events: AsyncIterable<RecordedEvent>;
  close(): void;
}

export interface BackoffOptions {
  /** Delay before the first resubscribe; doubles per failed attempt in a row. */
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 30_000 };

export interface SubscriptionDrop {
  /** Undefined when the server ended the subscription without an error. */
  error: unknown;
  /** Failed attempts in a row, 1 for the first. */
  attempt: number;
  delayMs: number;
  /** The subscription resumes strictly after this position (undefined: from the start). */
  resumeAfter: Position | undefined;
}

export interface ResubscribeOptions {
  after: Position | undefined;
  signal: AbortSignal;
  open: (after: Position | undefined) => OpenedSubscription;
  comparePositions: (a: Position, b: Position) => number;
  backoff?: BackoffOptions;
  onDrop?: (drop: SubscriptionDrop) => void;
  random?: () => number;
}

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random, so many workers
 * dropped together (a leader change) do not resubscribe in lockstep.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const step = Math.min(options.maxMs, options.initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + (random() * step) / 2);
}

/**
 * A subscription that survives drops (STYLE.md, "Subscriptions drop silently"): whenever the server
 * subscription errors or ends, wait with backoff and subscribe again strictly after the last event
 * delivered. Anything at or before that position is skipped, so a resubscribe that overlaps never
 * delivers an event twice. Ends only when `signal` aborts (or the consumer stops iterating).
 */
export async function* resubscribing(options: ResubscribeOptions): AsyncGenerator<RecordedEvent, void, undefined> {
  const { signal, open, comparePositions, backoff = DEFAULT_BACKOFF, onDrop, random } = options;
  let cursor = options.after;
  let failures = 0;
  while (!signal.aborted) {
    const subscription = open(cursor);
    const stop = (): void => subscription.close();
    signal.addEventListener('abort', stop, { once: true });
    let delivered = false;
    let error: unknown;
    try {
      for await (const event of subscription.events) {
        if (signal.aborted) return;
        if (cursor !== undefined && comparePositions(event.position, cursor) <= 0) continue;
        cursor = event.position;
        delivered = true;
        yield event;
        if (signal.aborted) return;
      }
    } catch (dropped) {
      error = dropped;
    } finally {
      signal.removeEventListener('abort', stop);
      subscription.close();
    }
    if (signal.aborted) return;
    // A subscription that delivered was healthy: its drop starts the backoff afresh.
    failures = delivered ? 1 : failures + 1;
    const delayMs = backoffDelay(failures, backoff, random);
    onDrop?.({ error, attempt: failures, delayMs, resumeAfter: cursor });
    await sleep(delayMs, signal);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const wake = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', wake);
      resolve();
    };
    const timer = setTimeout(wake, ms);
    signal.addEventListener('abort', wake, { once: true });
  });
}
