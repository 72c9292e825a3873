import { join } from 'node:path';
import { RecordedEvent, SqliteEventStore } from '../../libs/event-store/src';

/** Reads what the server recorded, straight from its SQLite event log (a second connection, as another process would). */
export async function examEvents(dataDir: string, examId: string): Promise<RecordedEvent[]> {
  const store = SqliteEventStore.open(join(dataDir, 'events.sqlite'));
  try {
    return await store.readStream(`exam-${examId}`);
  } finally {
    await store.close();
  }
}

export async function eventCount(dataDir: string): Promise<number> {
  const store = SqliteEventStore.open(join(dataDir, 'events.sqlite'));
  try {
    return (await store.readAll()).length;
  } finally {
    await store.close();
  }
}

export async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
