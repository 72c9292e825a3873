import { LeaseStore } from './worker-lease';

export interface LeasedRunnerOptions {
  leases: LeaseStore;
  name: string;
  owner: string;
  ttlMs: number;
  start: () => Promise<void>;
  stop: () => Promise<void>;
  log?: (message: string) => void;
}

/**
 * Runs `start` while this process holds the lease and `stop` when it loses or gives it up.
 * Renews at a third of the TTL, so one missed renewal does not hand the work to another process.
 */
export class LeasedRunner {
  private timer?: NodeJS.Timeout;
  private leading = false;
  private stopped = false;
  private tick: Promise<void> = Promise.resolve();

  constructor(private readonly options: LeasedRunnerOptions) {}

  get isLeader(): boolean {
    return this.leading;
  }

  begin(): void {
    const interval = Math.max(50, Math.floor(this.options.ttlMs / 3));
    const run = () => {
      // A failed renewal or start must not break the chain: the next tick tries again.
      this.tick = this.tick
        .then(() => this.renew())
        .catch((error: Error) => this.options.log?.(`lease ${this.options.name}: ${error.message}`));
    };
    run();
    this.timer = setInterval(run, interval);
  }

  async end(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.tick;
    if (this.leading) {
      this.leading = false;
      await this.options.stop();
      await this.options.leases.release(this.options.name, this.options.owner);
    }
  }

  private async renew(): Promise<void> {
    if (this.stopped) return;
    const { leases, name, owner, ttlMs, log = () => undefined } = this.options;
    let held: boolean;
    try {
      held = await leases.acquire(name, owner, ttlMs);
    } catch (error) {
      log(`lease ${name}: cannot reach the lease store (${(error as Error).message})`);
      held = false;
    }
    if (held && !this.leading) {
      log(`lease ${name}: acquired by ${owner}; running`);
      try {
        await this.options.start();
        this.leading = true;
      } catch (error) {
        // Half started (e.g. the read-model store blinked while setting up): undo, hand the lease back, retry next tick.
        log(`lease ${name}: could not start (${(error as Error).message}); retrying`);
        await this.options.stop().catch(() => undefined);
        await leases.release(name, owner).catch(() => undefined);
      }
    } else if (!held && this.leading) {
      this.leading = false;
      log(`lease ${name}: lost; standing by`);
      await this.options.stop();
    }
  }
}
