/**
 * The batch writer's thread (sqlite-batch-writer.ts starts it): its own connection to the read
 * models' file, one transaction per batch.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { IndexedColumns } from './indexed-columns';
import { openReadModelFile, RowWriter } from './read-model-file';
import type { BatchAnswer, BatchRequest, BatchRow, BatchWriterSetup } from './sqlite-batch-writer';

const port = parentPort;
if (!port) throw new Error('sqlite-batch-writer.worker runs as a worker thread');
const setup: BatchWriterSetup = workerData;
const db = openReadModelFile(setup.file, setup.cacheMb);
const writers = new Map<string, RowWriter>();
const writerOf = (table: string) => {
  let writer = writers.get(table);
  if (!writer) writers.set(table, (writer = new RowWriter(db, table, new IndexedColumns(db, table))));
  return writer;
};
/** All rows or none: better-sqlite3 rolls the transaction back when a row throws. Mostly new rows: each written whole at once. */
const writeAll = db.transaction((rows: BatchRow[]) => {
  for (const [table, ...row] of rows) writerOf(table).upsert(row);
});

port.on('message', (request: BatchRequest) => {
  if (request.type === 'close') {
    db.close();
    port.close(); // nothing else keeps this thread alive: it ends
    return;
  }
  let answer: BatchAnswer = { id: request.id };
  try {
    writeAll.immediate(request.rows);
  } catch (error) {
    answer = { id: request.id, failed: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(answer);
});
