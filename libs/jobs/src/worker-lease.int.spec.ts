import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { MongoLeaseStore } from './mongodb-lease-store';
import { LeaseStore, SqliteLeaseStore } from './worker-lease';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One contract for both lease stores: only one owner at a time, take-over after the TTL. */
function leaseContract(name: string, open: () => Promise<{ a: LeaseStore; b: LeaseStore; teardown: () => Promise<void> }>) {
  describe(`worker lease: ${name}`, () => {
    let a: LeaseStore;
    let b: LeaseStore;
    let teardown: () => Promise<void>;
    let n = 0;
    beforeAll(async () => ({ a, b, teardown } = await open()));
    afterAll(() => teardown());
    const lease = () => `worker-${Date.now()}-${n++}`;

    it('is held by one owner at a time and renewed by its holder', async () => {
      const l = lease();
      expect(await a.acquire(l, 'host-x:1:a', 5000)).toBe(true);
      expect(await b.acquire(l, 'host-x:2:b', 5000)).toBe(false);
      expect(await a.acquire(l, 'host-x:1:a', 5000)).toBe(true);
      expect(await b.acquire(l, 'host-x:2:b', 5000)).toBe(false);
    });

    it('passes to another owner once the holder stops renewing, and on release', async () => {
      const l = lease();
      expect(await a.acquire(l, 'host-x:1:a', 150)).toBe(true);
      await sleep(250);
      expect(await b.acquire(l, 'host-x:2:b', 5000)).toBe(true);
      expect(await a.acquire(l, 'host-x:1:a', 150)).toBe(false);
      await b.release(l, 'host-x:2:b');
      expect(await a.acquire(l, 'host-x:1:a', 5000)).toBe(true);
    });
  });
}

leaseContract('SQLite (one host)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'leases-'));
  const a = new SqliteLeaseStore(join(dir, 'leases.sqlite'));
  const b = new SqliteLeaseStore(join(dir, 'leases.sqlite'));
  return { a, b, teardown: async () => (await a.close(), await b.close(), rmSync(dir, { recursive: true, force: true })) };
});

const mongoUrl = process.env.MONGO_URL;
if (mongoUrl) {
  leaseContract('MongoDB', async () => {
    const a = await MongoLeaseStore.connect(mongoUrl);
    const b = await MongoLeaseStore.connect(mongoUrl);
    return { a, b, teardown: async () => (await a.close(), await b.close()) };
  });

  describe('worker lease: MongoDB, the database server decides the time', () => {
    let store: MongoLeaseStore;
    let raw: MongoClient;
    beforeAll(async () => {
      store = await MongoLeaseStore.connect(mongoUrl);
      raw = await new MongoClient(mongoUrl).connect();
    });
    afterAll(async () => (await store.close(), await raw.close()));

    it("sets the expiry from the server's clock, not this host's", async () => {
      const name = `worker-clock-${Date.now()}`;
      const realNow = Date.now;
      Date.now = () => realNow() - 3_600_000; // this host's clock an hour behind
      try {
        const { localTime } = await raw.db().command({ hello: 1 });
        expect(await store.acquire(name, 'host-a:1:a', 60_000)).toBe(true);
        const lease = await raw
          .db()
          .collection('worker_leases')
          .findOne({ _id: name as never });
        const expiresAt = (lease?.expiresAt as Date).getTime();
        expect(expiresAt).toBeGreaterThanOrEqual((localTime as Date).getTime() + 60_000 - 1_000);
        expect(expiresAt).toBeLessThanOrEqual((localTime as Date).getTime() + 60_000 + 5_000);
      } finally {
        Date.now = realNow;
      }
    });

    it('takes over a lease whose expiry an earlier version wrote as a number of this host', async () => {
      const name = `worker-old-${Date.now()}`;
      await raw
        .db()
        .collection('worker_leases')
        .insertOne({ _id: name as never, owner: 'old:1:x', expiresAt: Date.now() + 3_600_000 });
      expect(await store.acquire(name, 'host-a:1:a', 60_000)).toBe(true);
    });
  });

  // Racing take-overs of one expired lease: MongoDB lets exactly one win. FerretDB 1.24 does not
  // (measured: 3-8 winners of 8), so there this is skipped and the README asks for one worker.
  const ferret = process.env.MONGO_ENGINE === 'ferretdb';
  (ferret ? describe.skip : describe)(
    `worker lease: MongoDB, racing take-overs${ferret ? ' (skipped on FerretDB: 3-8 winners of 8 measured, no single-document atomicity)' : ''}`,
    () => {
      it('lets exactly one of eight racing workers take over an expired lease', async () => {
        const stores = await Promise.all(Array.from({ length: 8 }, () => MongoLeaseStore.connect(mongoUrl)));
        try {
          const name = `worker-race-${Date.now()}`;
          expect(await stores[0].acquire(name, 'old:0:x', 1)).toBe(true);
          await sleep(50);
          const won = await Promise.all(stores.map((store, i) => store.acquire(name, `host-${i}:${i}:y`, 60_000)));
          expect(won.filter(Boolean)).toHaveLength(1);
        } finally {
          await Promise.all(stores.map((store) => store.close()));
        }
      });
    },
  );
} else {
  // Skipped only without a MongoDB wire-protocol server (neither MONGO_URL nor a ferretdb binary): the title says so.
  describe.skip(`worker lease: MongoDB (skipped: ${process.env.MONGO_SKIP_REASON ?? 'MONGO_URL is not set'})`, () => {
    it('needs MONGO_URL or a ferretdb binary', () => undefined);
  });
}

describe('SQLite lease of a process that died on this host', () => {
  it('is taken over at once instead of after the TTL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leases-'));
    const store = new SqliteLeaseStore(join(dir, 'leases.sqlite'));
    try {
      const deadPid = 2 ** 22 + 12345; // above Linux's pid_max default: no such process
      expect(await store.acquire('worker', `${hostname()}:${deadPid}:x`, 60_000)).toBe(true);
      expect(await store.acquire('worker', `${hostname()}:${process.pid}:y`, 60_000)).toBe(true);
      expect(await store.acquire('worker', `other-host:${deadPid}:z`, 60_000)).toBe(false);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
