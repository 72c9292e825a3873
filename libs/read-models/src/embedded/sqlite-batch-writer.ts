import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { BatchWriter, DocumentWrite } from '../read-model-store.port';
import { DocumentRow, revisionOf, tableOf } from './read-model-file';

export interface BatchWriterSetup {
  file: string;
  cacheMb?: number;
}

/** One document as the thread writes it: its table, then its row. */
export type BatchRow = [string, ...DocumentRow];
export type BatchRequest = { type: 'write'; id: number; rows: BatchRow[] } | { type: 'close' };
export type BatchAnswer = { id: number; failed?: string };

/**
 * A worker thread runs JavaScript, never TypeScript: from the build, its own file beside this one;
 * from the sources (jest), the same file in the build `npm test` makes first (test/setup/global-setup.ts).
 */
const ENTRY = __filename.endsWith('.ts')
  ? join(__dirname, '..', '..', '..', '..', 'dist', 'libs', 'read-models', 'src', 'embedded', 'sqlite-batch-writer.worker.js')
  : join(__dirname, 'sqlite-batch-writer.worker.js');

/**
 * The embedded store's batch writer: a worker thread with a connection of its own writes each
 * batch in one transaction, in the order given, while the thread that hands them over goes on
 * (a rebuild: SQLite's inserts and commits were half of its time, on the thread that also reads
 * the log and runs the projectors). Documents are serialized here, so what the thread writes is
 * what they were when handed over. If the thread dies, every batch not yet answered fails.
 */
export class SqliteBatchWriter implements BatchWriter {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private lastId = 0;
  private ended?: Error;

  constructor(setup: BatchWriterSetup) {
    this.worker = new Worker(ENTRY, { workerData: setup });
    this.worker.on('message', (answer: BatchAnswer) => {
      const waiter = this.waiting.get(answer.id);
      this.waiting.delete(answer.id);
      if (answer.failed === undefined) waiter?.resolve();
      else waiter?.reject(new Error(`a batch of read-model writes failed: ${answer.failed}`));
    });
    const lost = (error: Error) => {
      this.ended ??= error;
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    this.worker.once('error', lost);
    this.worker.once('exit', (code) => lost(new Error(`the read models' batch writer ended (exit code ${code})`)));
  }

  /** Serializes the batch at once (async: a bad collection name is a rejection, as on every store). */
  async write(batch: readonly DocumentWrite[]): Promise<void> {
    if (this.ended) throw this.ended;
    const rows = batch.map(({ collection, doc }): BatchRow => [tableOf(collection), doc._id, revisionOf(doc), JSON.stringify(doc)]);
    const id = ++this.lastId;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      const request: BatchRequest = { type: 'write', id, rows };
      this.worker.postMessage(request);
    });
  }

  /** After the batches handed over are answered (messages are in order), the thread closes its connection and ends. */
  async close(): Promise<void> {
    if (this.ended) return;
    const exited = new Promise((resolve) => this.worker.once('exit', resolve));
    const request: BatchRequest = { type: 'close' };
    this.worker.postMessage(request);
    await exited;
  }
}
