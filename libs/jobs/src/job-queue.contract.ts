import { Job, JobQueue } from './job-queue.port';

const until = async (probe: () => boolean, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** One contract for every job queue adapter. `open` gets a fresh, empty queue each time. */
export function jobQueueContract(name: string, open: () => Promise<JobQueue>) {
  describe(`job queue contract: ${name}`, () => {
    const queues: JobQueue[] = [];
    const fresh = async () => {
      const queue = await open();
      queues.push(queue);
      return queue;
    };
    afterAll(async () => {
      for (const q of queues) await q.close();
    });
    const job = (id: string): Job => ({ id, name: 'render-proof-of-participation', payload: { examId: `exam-${id}`, attempt: 1 } });

    it('runs an enqueued job once with its name and payload', async () => {
      const queue = await fresh();
      const seen: Job[] = [];
      queue.process(async (j) => void seen.push(j));
      await queue.enqueue(job('j1'));
      await until(() => seen.length === 1);
      expect(seen[0]).toEqual(job('j1'));
    });

    it('runs a job enqueued twice under the same id only once (a redelivered event)', async () => {
      const queue = await fresh();
      const seen: string[] = [];
      queue.process(async (j) => void seen.push(j.id));
      await queue.enqueue(job('dup'));
      await queue.enqueue(job('dup'));
      await queue.enqueue(job('other'));
      await until(() => seen.includes('other') && seen.includes('dup'));
      await new Promise((r) => setTimeout(r, 200));
      expect(seen.filter((id) => id === 'dup')).toHaveLength(1);
    });

    it('retries a failing job with backoff until it succeeds', async () => {
      const queue = await fresh();
      let calls = 0;
      let succeeded = false;
      queue.process(async () => {
        calls++;
        if (calls < 3) throw new Error('PDF renderer busy');
        succeeded = true;
      });
      await queue.enqueue(job('flaky'));
      await until(() => succeeded);
      expect(calls).toBe(3);
    });

    it('counts jobs by state for /metrics: a finished job is completed, nothing left active', async () => {
      const queue = await fresh();
      queue.process(async () => undefined);
      expect(await queue.counts()).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0, completed: 0 });
      await queue.enqueue(job('counted'));
      const deadline = Date.now() + 10_000;
      let counts = await queue.counts();
      while (counts.completed < 1 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
        counts = await queue.counts();
      }
      expect(counts).toMatchObject({ waiting: 0, active: 0, failed: 0, completed: 1 });
    });
  });
}
