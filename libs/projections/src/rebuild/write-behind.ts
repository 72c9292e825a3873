import { Filter, FindOptions, ReadDocument, ReadModelCollection, ReadModelStore } from '@exam/read-models';

/**
 * A rebuild page's view of the read models: documents read or written during the page stay in
 * memory, and each changed one is written once, by `flush`, with the page's checkpoint in one
 * write. Projectors see the adapters' semantics (putIfNewer compares revisions, insertIfAbsent
 * refuses a present id) but write a changed document once per page, not once per event, and read
 * one that keeps being used once per rebuild (see RETAINED_PER_COLLECTION).
 *
 * Only for the rebuild, the sole writer of its collections meanwhile: what it holds is theirs.
 * Queries (find, count) are not buffered: projectors do not query while applying an event.
 */
export class WriteBehind implements ReadModelStore {
  private readonly buffered = new Map<string, BufferedCollection<ReadDocument>>();

  /**
   * `emptied`: collections that were empty when the buffer was made (a rebuild drops them first).
   * For those it remembers every id it wrote, so asking for any other id costs no read: one per
   * event was a sixth of a rebuild (the audit trail inserts a document per event). The ids stay in
   * memory for the whole rebuild, a few tens of bytes each.
   */
  constructor(
    private readonly store: ReadModelStore,
    private readonly emptied: ReadonlySet<string> = new Set(),
  ) {}

  collection<T extends ReadDocument>(name: string): ReadModelCollection<T> {
    let collection = this.buffered.get(name);
    if (!collection) {
      collection = new BufferedCollection(this.store.collection(name), this.emptied.has(name) ? new Set() : undefined);
      this.buffered.set(name, collection);
    }
    // One buffer per name: its documents are whatever the projectors stored under that name.
    return collection as unknown as ReadModelCollection<T>;
  }

  /** Writes every changed document and forgets those used once; the caller runs it inside the page's `inOneWrite`. */
  async flush(): Promise<number> {
    let written = 0;
    for (const collection of this.buffered.values()) written += await collection.flush();
    return written;
  }

  inOneWrite<T>(work: () => Promise<T>): Promise<T> {
    return work();
  }

  ping(): Promise<void> {
    return this.store.ping();
  }

  async close(): Promise<void> {
    throw new Error('a rebuild page does not close the store it buffers');
  }
}

/** What a document is now: stored, known absent, or as this page left it; `uses`: reads and writes of it so far. */
type Entry<T> = { doc: T | undefined; dirty: boolean; uses: number };

/**
 * Documents used more than once stay in memory across pages (an exam's view is read and written by
 * most of its events, and re-reading and parsing it every page was a tenth of a rebuild), up to this
 * many per collection; one used once (an audit-trail entry, inserted and never read) is forgotten at
 * the flush, so the buffer holds the documents projectors come back to, not the log.
 */
const RETAINED_PER_COLLECTION = 50_000;

class BufferedCollection<T extends ReadDocument> implements ReadModelCollection<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly store: ReadModelCollection<T>,
    /** Every id stored, when the collection started empty: the others need not be asked for. */
    private readonly stored?: Set<string>,
  ) {}

  /** Frozen (see `hold`): a projector that changed what it read would change what the page holds. */
  async get(id: string): Promise<T | undefined> {
    return (await this.entry(id)).doc;
  }

  async putIfNewer(doc: T & { revision: number }): Promise<boolean> {
    const current = (await this.entry(doc._id)).doc;
    if (current && typeof current.revision === 'number' && current.revision >= doc.revision) return false;
    this.hold(doc);
    return true;
  }

  async insertIfAbsent(doc: T): Promise<boolean> {
    if ((await this.entry(doc._id)).doc !== undefined) return false;
    this.hold(doc);
    return true;
  }

  async put(doc: T): Promise<void> {
    this.hold(doc, 1); // the others have counted their use on reading the entry
  }

  async flush(): Promise<number> {
    let written = 0;
    for (const [id, entry] of this.entries) {
      if (entry.dirty && entry.doc) {
        await this.store.put(entry.doc);
        this.stored?.add(id);
        written++;
      }
      entry.dirty = false;
      if (entry.uses < 2) this.entries.delete(id);
    }
    if (this.entries.size > RETAINED_PER_COLLECTION) this.entries.clear();
    return written;
  }

  find(_filter: Filter, _options?: FindOptions): Promise<T[]> {
    return this.unbuffered('find');
  }

  count(_filter?: Filter): Promise<number> {
    return this.unbuffered('count');
  }

  ensureIndex(fields: string[]): Promise<void> {
    return this.store.ensureIndex(fields);
  }

  indexes(): Promise<string[][]> {
    return this.store.indexes();
  }

  drop(): Promise<void> {
    return this.unbuffered('drop');
  }

  private async entry(id: string): Promise<Entry<T>> {
    let entry = this.entries.get(id);
    if (!entry) {
      const doc = this.stored && !this.stored.has(id) ? undefined : await this.store.get(id);
      entry = { doc: doc && deepFreeze(doc), dirty: false, uses: 0 };
      this.entries.set(id, entry);
    }
    entry.uses++;
    return entry;
  }

  /**
   * Documents are held frozen, not copied: copying on every read and write was a quarter of a
   * rebuild's time, and a projector that changes a document it read or stored fails loudly (strict
   * mode throws) instead of silently changing what the page holds.
   */
  private hold(doc: T, use = 0): void {
    const uses = (this.entries.get(doc._id)?.uses ?? 0) + use;
    this.entries.set(doc._id, { doc: deepFreeze(doc), dirty: true, uses });
  }

  private unbuffered(operation: string): never {
    throw new Error(`${operation} is not buffered: a projector applying an event reads by id only`);
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}
