/**
 * The writer thread's entry point (writer-thread.ts starts it): it owns the log's write
 * connection, so a commit's fsync blocks this thread and never the request thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteAppender } from './sqlite-appender';
import { openLogFile } from './sqlite-file';
import type { WriterAnswer, WriterRequest, WriterSetup } from './writer-thread';

const port = parentPort;
if (!port) throw new Error('sqlite-writer.worker runs as a worker thread');
const setup: WriterSetup = workerData;
const appender = new SqliteAppender(openLogFile(setup.filePath, setup.busyTimeoutMs));

port.on('message', (request: WriterRequest) => {
  if (request.type === 'close') {
    appender.close();
    port.close(); // nothing else keeps this thread alive: it ends
    return;
  }
  let answer: WriterAnswer;
  try {
    answer = { id: request.id, outcomes: appender.commit(request.group) };
  } catch (error) {
    answer = { id: request.id, failed: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(answer);
});
