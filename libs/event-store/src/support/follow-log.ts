import type { Position, RecordedEvent } from '../event-store.port';
import type { AppendNotifier } from './append-notifier';

export interface FollowLogOptions {
  after: Position | undefined;
  signal: AbortSignal;
  /** Events strictly after `after`, in position order, at most `limit`. */
  readPage: (after: Position | undefined, limit: number) => Promise<RecordedEvent[]>;
  /** Wakes the live phase when this process appends. */
  notifier: AppendNotifier;
  /** Also re-read this often while idle, for appends by other processes. Omitted: notifier only. */
  pollIntervalMs?: number;
  /** The store was closed: end like an abort. */
  isClosed: () => boolean;
  pageSize?: number;
}

/**
 * subscribeAll for stores that can be re-read cheaply: read pages after a cursor until short
 * (catch-up), then wait for a wake-up or poll tick and read again (live). The cursor only moves
 * past yielded events, so every event is yielded once, in position order.
 */
export async function* followLog(options: FollowLogOptions): AsyncGenerator<RecordedEvent, void, undefined> {
  const { signal, readPage, notifier, pollIntervalMs, isClosed, pageSize = 500 } = options;
  let cursor = options.after;
  while (!signal.aborted && !isClosed()) {
    const seenVersion = notifier.version;
    const page = await readPage(cursor, pageSize);
    for (const event of page) {
      if (signal.aborted) return;
      cursor = event.position;
      yield event;
    }
    if (page.length < pageSize) await notifier.waitForChange(seenVersion, signal, pollIntervalMs);
  }
}
