import { EventStore, RecordedEvent } from './event-store.port';
import { CheckpointStore } from './checkpoint-store';

export interface FollowerHealth {
  name: string;
  running: boolean;
  position?: string;
  lastError?: string;
  failures: number;
}

export interface FollowerOptions {
  name: string;
  handle: (event: RecordedEvent) => Promise<void>;
  /** Backoff for a failing event: first delay, doubling up to the max. The event is never skipped. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  log?: (message: string) => void;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const wake = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', wake);
      resolve();
    };
    const timer = setTimeout(wake, ms);
    signal.addEventListener('abort', wake, { once: true });
  });

/** Events handled between two checkpoint writes at most, while catching up. */
export const MAX_EVENTS_PER_CHECKPOINT = 256;

/**
 * One checkpoint write per batch instead of per event (issue 9): saved every
 * MAX_EVENTS_PER_CHECKPOINT events, and as soon as the follower goes idle (the next turn of the
 * event loop), so read-your-writes (X-Min-Position) still sees it at once. Writes are serialized
 * and only move forward. A crash re-applies at most one batch: every projection and job is idempotent.
 */
class BatchedCheckpoint {
  private pending?: string;
  private unsaved = 0;
  private saving: Promise<void> = Promise.resolve();

  constructor(private readonly save: (position: string) => Promise<void>) {}

  async handled(position: string): Promise<void> {
    this.pending = position;
    if (++this.unsaved >= MAX_EVENTS_PER_CHECKPOINT) return this.flush();
    setImmediate(() => {
      if (this.pending === position) void this.flush().catch(() => undefined); // retried by the next flush
    });
  }

  flush(): Promise<void> {
    const position = this.pending;
    if (position === undefined) return this.saving;
    this.pending = undefined;
    this.unsaved = 0;
    const attempt = this.saving.then(() =>
      this.save(position).catch((error: unknown) => {
        this.pending ??= position; // saved by the next flush
        throw error;
      }),
    );
    this.saving = attempt.catch(() => undefined);
    return attempt;
  }
}

/**
 * Follows the event log from a stored checkpoint (catch-up, then live), one event at a time,
 * saving the checkpoint once per batch of handled events: at-least-once, in order. A handler that
 * throws is retried with backoff and reported; a dropped subscription resubscribes from the checkpoint.
 */
export class EventFollower {
  private readonly abort = new AbortController();
  private loop?: Promise<void>;
  readonly health: FollowerHealth;

  constructor(
    private readonly store: EventStore,
    private readonly checkpoints: CheckpointStore,
    private readonly options: FollowerOptions,
  ) {
    this.health = { name: options.name, running: false, failures: 0 };
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { signal } = this.abort;
    const log = this.options.log ?? (() => undefined);
    this.health.running = true;
    let backoff = this.options.retryBaseMs ?? 200;
    while (!signal.aborted) {
      const checkpoint = new BatchedCheckpoint((position) => this.saveCheckpoint(position));
      try {
        const from = await this.checkpoints.load(this.options.name);
        this.health.position = from;
        for await (const event of this.store.subscribeAll(from, signal)) {
          await this.handleWithRetry(event, signal);
          if (signal.aborted) break;
          await checkpoint.handled(event.position);
        }
        await checkpoint.flush();
      } catch (error) {
        await checkpoint.flush().catch(() => undefined);
        if (signal.aborted) break;
        this.health.lastError = (error as Error).message;
        log(`${this.options.name}: subscription dropped (${this.health.lastError}); resubscribing from checkpoint`);
        await sleep(backoff, signal);
        backoff = Math.min(backoff * 2, this.options.retryMaxMs ?? 10_000);
      }
    }
    this.health.running = false;
  }

  private async saveCheckpoint(position: string): Promise<void> {
    await this.checkpoints.save(this.options.name, position);
    this.health.position = position;
  }

  private async handleWithRetry(event: RecordedEvent, signal: AbortSignal): Promise<void> {
    let delay = this.options.retryBaseMs ?? 200;
    for (;;) {
      try {
        await this.options.handle(event);
        this.health.lastError = undefined;
        return;
      } catch (error) {
        this.health.failures++;
        this.health.lastError = `${event.type} at ${event.position}: ${(error as Error).message}`;
        (this.options.log ?? (() => undefined))(`${this.options.name}: ${this.health.lastError}; retrying in ${delay} ms`);
        await sleep(delay, signal);
        if (signal.aborted) throw new Error('stopped');
        delay = Math.min(delay * 2, this.options.retryMaxMs ?? 10_000);
      }
    }
  }
}
