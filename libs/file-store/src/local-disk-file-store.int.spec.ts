import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { BlobTooLarge } from './file-store.port';
import { LocalDiskFileStore } from './local-disk-file-store';

describe('the local disk file store', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'file-store-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('sweeps partial uploads a crash left in incoming/ at start-up, and keeps ones still being written', async () => {
    await new LocalDiskFileStore(root).init();
    const incoming = join(root, 'incoming');
    writeFileSync(join(incoming, 'left-by-kill-9'), 'partial');
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(join(incoming, 'left-by-kill-9'), hourAgo, hourAgo);
    writeFileSync(join(incoming, 'in-flight-elsewhere'), 'partial');
    await new LocalDiskFileStore(root).init();
    expect(readdirSync(incoming)).toEqual(['in-flight-elsewhere']);
  });

  it('says whether a put created the blob, and discards only what it created', async () => {
    const store = await new LocalDiskFileStore(root).init();
    const first = await store.put(Readable.from([Buffer.from('same bytes')]), 100);
    const second = await store.put(Readable.from([Buffer.from('same bytes')]), 100);
    expect([first.created, second.created]).toEqual([true, false]);
    await store.discard(second);
    expect(await store.exists(first.sha256)).toBe(true);
    await store.discard(first);
    expect(await store.exists(first.sha256)).toBe(false);
  });

  it('decides the limit from the first bytes when asked to, and keeps them for sniffing', async () => {
    const store = await new LocalDiskFileStore(root).init();
    const content = Buffer.alloc(10_000, 7);
    const heads: number[] = [];
    const small = (head: Buffer) => (heads.push(head.length), 5_000);
    await expect(store.put(Readable.from([content.subarray(0, 4200), content.subarray(4200)]), small)).rejects.toBeInstanceOf(BlobTooLarge);
    expect(heads).toEqual([4100]);
    const stored = await store.put(Readable.from([Buffer.from('short')]), () => 100);
    expect(stored.head.toString()).toBe('short');
    expect(readdirSync(join(root, 'incoming'))).toEqual([]);
  });
});
