import { DocumentWrite, Filter, FindOptions, ReadDocument, ReadModelCollection, ReadModelStore } from '@exam/read-models';

/**
 * A rebuild's view of the read models: documents read or written stay in memory, and `flush`
 * hands over each changed one once, for the rebuild to write with its checkpoint in one batch.
 * Projectors see the adapters' semantics (putIfNewer compares revisions, insertIfAbsent refuses a
 * present id) but write a changed document once per batch, not once per event, and read one that
 * keeps being used once per rebuild (see RETAINED_PER_COLLECTION).
 *
 * What `flush` handed over stays readable here until `forget`, which the rebuild calls once that
 * batch is in the store: the store's reads do not see a batch still being written.
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
    private readonly retained = RETAINED_PER_COLLECTION,
  ) {}

  collection<T extends ReadDocument>(name: string): ReadModelCollection<T> {
    let collection = this.buffered.get(name);
    if (!collection) {
      collection = new BufferedCollection(this.store.collection(name), this.retained, this.emptied.has(name) ? new Set() : undefined);
      this.buffered.set(name, collection);
    }
    // One buffer per name: its documents are whatever the projectors stored under that name.
    return collection as unknown as ReadModelCollection<T>;
  }

  /** Every document changed since the last flush, once each, as it is now; they are held as written from here on. */
  flush(): DocumentWrite[] {
    return [...this.buffered.entries()].flatMap(([name, collection]) => collection.flush().map((doc) => ({ collection: name, doc })));
  }

  /** Once what was flushed is in the store: lets go of the documents used once (the store has them). */
  forget(): void {
    for (const collection of this.buffered.values()) collection.forget();
  }

  inOneWrite<T>(work: () => Promise<T>): Promise<T> {
    return work();
  }

  ping(): Promise<void> {
    return this.store.ping();
  }

  async close(): Promise<void> {
    throw new Error('a rebuild buffer does not close the store it buffers');
  }
}

/** What a document is now: stored, known absent, or as the rebuild left it; `uses`: reads and writes of it so far. */
type Entry<T> = { doc: T | undefined; dirty: boolean; uses: number };

/**
 * Documents used more than once stay in memory across batches (an exam's view is read and written by
 * most of its events, and re-reading and parsing it every batch was a tenth of a rebuild), up to this
 * many per collection; one used once (an audit-trail entry, inserted and never read) is forgotten
 * once its batch is written, so the buffer holds the documents projectors come back to, not the log.
 */
const RETAINED_PER_COLLECTION = 50_000;

class BufferedCollection<T extends ReadDocument> implements ReadModelCollection<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly store: ReadModelCollection<T>,
    private readonly retained: number,
    /** Every id stored, when the collection started empty: the others need not be asked for. */
    private readonly stored?: Set<string>,
  ) {}

  /** Frozen (see `change`): a projector that changed what it read would change what the buffer holds. */
  async get(id: string): Promise<T | undefined> {
    return (this.known(id) ?? (await this.read(id))).doc;
  }

  async putIfNewer(doc: T & { revision: number }): Promise<boolean> {
    const entry = this.known(doc._id) ?? (await this.read(doc._id));
    const current = entry.doc;
    if (current && typeof current.revision === 'number' && current.revision >= doc.revision) return false;
    this.change(entry, doc);
    return true;
  }

  async insertIfAbsent(doc: T): Promise<boolean> {
    const entry = this.known(doc._id) ?? (await this.read(doc._id));
    if (entry.doc !== undefined) return false;
    this.change(entry, doc);
    return true;
  }

  async put(doc: T): Promise<void> {
    this.hold(doc);
  }

  flush(): T[] {
    const changed: T[] = [];
    for (const [id, entry] of this.entries) {
      if (entry.dirty && entry.doc) {
        changed.push(entry.doc);
        this.stored?.add(id);
      }
      entry.dirty = false;
    }
    return changed;
  }

  /** Only documents as written (not dirty): a dirty one exists nowhere else yet. */
  forget(): void {
    for (const [id, entry] of this.entries) if (!entry.dirty && entry.uses < 2) this.entries.delete(id);
    if (this.entries.size <= this.retained) return;
    for (const [id, entry] of this.entries) if (!entry.dirty) this.entries.delete(id);
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

  /**
   * The entry for `id`, counting this use, when it is known without asking the store: held, or
   * never stored (an emptied collection's other ids). Synchronous, so most calls make no promise
   * of their own: an audit-trail insert per event, and its look-up, were a tenth of a rebuild.
   */
  private known(id: string): Entry<T> | undefined {
    let entry = this.entries.get(id);
    if (!entry && this.stored && !this.stored.has(id)) {
      entry = { doc: undefined, dirty: false, uses: 0 };
      this.entries.set(id, entry);
    }
    if (entry) entry.uses++;
    return entry;
  }

  private async read(id: string): Promise<Entry<T>> {
    const doc = await this.store.get(id);
    // Another call may have held the id while this one read: what it holds is newer than the store.
    const entry = this.entries.get(id) ?? { doc: doc && deepFreeze(doc), dirty: false, uses: 0 };
    this.entries.set(id, entry);
    entry.uses++;
    return entry;
  }

  /**
   * Documents are held frozen, not copied: copying on every read and write was a quarter of a
   * rebuild's time, and a projector that changes a document it read or stored fails loudly (strict
   * mode throws) instead of silently changing what the buffer holds.
   */
  private change(entry: Entry<T>, doc: T): void {
    entry.doc = deepFreeze(doc);
    entry.dirty = true;
  }

  /** `put`, which looks nothing up: counts its use here (the others count theirs on looking the entry up). */
  private hold(doc: T): void {
    const entry = this.entries.get(doc._id);
    if (entry) {
      entry.uses++;
      this.change(entry, doc);
    } else this.entries.set(doc._id, { doc: deepFreeze(doc), dirty: true, uses: 1 });
  }

  private unbuffered(operation: string): never {
    throw new Error(`${operation} is not buffered: a projector applying an event reads by id only`);
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    // Most members are scalars (an audit-trail entry has only those): no call for them, and no
    // array of the members either (Object.values made one per document).
    for (const key in value) {
      const member = value[key];
      if (typeof member === 'object' && member !== null) deepFreeze(member);
    }
  }
  return value;
}
