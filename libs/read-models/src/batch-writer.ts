import { BatchWriter, ReadModelStore } from './read-model-store.port';

/** The store's own batch writer, or one that writes each batch in `inOneWrite`, after the one before. */
export function batchWriterFor(store: ReadModelStore): BatchWriter {
  const own = store.batchWriter?.();
  if (own) return own;
  let last: Promise<unknown> = Promise.resolve();
  return {
    write(batch) {
      const written = last.then(() =>
        store.inOneWrite(async () => {
          for (const { collection, doc } of batch) await store.collection(collection).put(doc);
        }),
      );
      last = written.catch(() => undefined); // a failed batch fails its own write, not the next one's
      return written;
    },
    close: () => last.then(() => undefined),
  };
}
