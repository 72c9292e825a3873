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

/**
 * Follows the event log from a stored checkpoint (catch-up, then live), one event at a time,
 * saving the checkpoint after each handled event: at-least-once, in order. A handler that
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
      try {
        const from = await this.checkpoints.load(this.options.name);
        this.health.position = from;
        for await (const event of this.store.subscribeAll(from, signal)) {
          await this.handleWithRetry(event, signal);
          if (signal.aborted) break;
          await this.checkpoints.save(this.options.name, event.position);
          this.health.position = event.position;
        }
      } catch (error) {
        if (signal.aborted) break;
        this.health.lastError = (error as Error).message;
        log(`${this.options.name}: subscription dropped (${this.health.lastError}); resubscribing from checkpoint`);
        await sleep(backoff, signal);
        backoff = Math.min(backoff * 2, this.options.retryMaxMs ?? 10_000);
      }
    }
    this.health.running = false;
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
