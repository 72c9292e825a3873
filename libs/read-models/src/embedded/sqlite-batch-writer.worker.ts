/**
 * The batch writer's thread (sqlite-batch-writer.ts starts it): its own connection to the read
 * models' file, one transaction per batch.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { openReadModelFile, writeDocument } from './read-model-file';
import type { BatchAnswer, BatchRequest, BatchRow, BatchWriterSetup } from './sqlite-batch-writer';

const port = parentPort;
if (!port) throw new Error('sqlite-batch-writer.worker runs as a worker thread');
const setup: BatchWriterSetup = workerData;
const db = openReadModelFile(setup.file, setup.cacheMb);
const statements = new Map<string, Database.Statement>();
const prepare = (sql: string) => {
  let statement = statements.get(sql);
  if (!statement) statements.set(sql, (statement = db.prepare(sql)));
  return statement;
};
/** All rows or none: better-sqlite3 rolls the transaction back when a row throws. */
const writeAll = db.transaction((rows: BatchRow[]) => {
  for (const [table, ...row] of rows) writeDocument(prepare, table, row, false);
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
