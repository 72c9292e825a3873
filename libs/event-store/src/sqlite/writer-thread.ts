import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AppendOutcome, AppendRequest } from './sqlite-appender';

export interface WriterSetup {
  filePath: string;
  busyTimeoutMs: number;
}

export type WriterRequest = { type: 'commit'; id: number; group: AppendRequest[] } | { type: 'close' };
export type WriterAnswer = { id: number; outcomes: AppendOutcome[] } | { id: number; failed: string };

/**
 * A worker thread runs JavaScript, never TypeScript: from the build, its own file beside this one;
 * from the sources (jest), the same file in the build `npm test` makes first (test/setup/global-setup.ts).
 */
const ENTRY = __filename.endsWith('.ts')
  ? join(__dirname, '..', '..', '..', '..', 'dist', 'libs', 'event-store', 'src', 'sqlite', 'sqlite-writer.worker.js')
  : join(__dirname, 'sqlite-writer.worker.js');

interface Waiter {
  resolve: (outcomes: AppendOutcome[]) => void;
  reject: (error: Error) => void;
}

interface Running {
  worker: Worker;
  waiting: Map<number, Waiter>;
}

/**
 * The log's writer thread, seen from the thread that appends: started on the first commit (a
 * process that only reads never starts one), one group in flight at a time (the store's choice),
 * and kept from holding the process open while nothing is awaited from it. If it dies, what it
 * had not answered is refused (the caller cannot know whether it was written: a 5xx, and an
 * Idempotency-Key makes the retry safe), and the next commit starts a new one.
 */
export class WriterThread {
  private running?: Running;
  private lastId = 0;

  constructor(private readonly setup: WriterSetup) {}

  /** The running thread's id, undefined before the first commit (tests, operations). */
  get threadId(): number | undefined {
    return this.running?.worker.threadId;
  }

  commit(group: AppendRequest[]): Promise<AppendOutcome[]> {
    const { worker, waiting } = this.running ?? this.start();
    const id = ++this.lastId;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      worker.ref(); // an answer is awaited: the process stays up for it
      const request: WriterRequest = { type: 'commit', id, group };
      worker.postMessage(request);
    });
  }

  /** Ends the thread at once, as a crash would (tests; an operator's last resort). */
  async terminate(): Promise<void> {
    await this.running?.worker.terminate();
  }

  /** Waits for the thread to close its connection and end. Commits still awaited are answered first (messages are in order). */
  async close(): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.running = undefined;
    const ended = new Promise((resolve) => running.worker.once('exit', resolve));
    const request: WriterRequest = { type: 'close' };
    running.worker.postMessage(request);
    await ended;
  }

  private start(): Running {
    const worker = new Worker(ENTRY, { workerData: this.setup });
    const running: Running = { worker, waiting: new Map() };
    worker.unref();
    worker.on('message', (answer: WriterAnswer) => {
      const waiter = running.waiting.get(answer.id);
      running.waiting.delete(answer.id);
      if (running.waiting.size === 0) worker.unref();
      if ('failed' in answer) waiter?.reject(new Error(answer.failed));
      else waiter?.resolve(answer.outcomes);
    });
    const lost = (error: Error) => {
      if (this.running === running) this.running = undefined;
      for (const waiter of running.waiting.values()) waiter.reject(error);
      running.waiting.clear();
    };
    worker.once('error', lost);
    worker.once('exit', (code) => lost(new Error(`the event log's writer thread ended (exit code ${code}) before answering`)));
    this.running = running;
    return running;
  }
}
