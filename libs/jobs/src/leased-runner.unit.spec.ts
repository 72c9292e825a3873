import { LeasedRunner } from './leased-runner';
import { LeaseStore } from './worker-lease';

/** An always-granting lease store: the runner's own logic is what is tested here. */
const grantingLeases = (): LeaseStore & { released: number } => ({
  released: 0,
  acquire: async () => true,
  async release() {
    this.released++;
  },
  close: async () => undefined,
});

const until = async (probe: () => boolean) => {
  for (let i = 0; i < 200 && !probe(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(probe()).toBe(true);
};

describe('LeasedRunner', () => {
  it('given a start that fails once, when the next tick comes, then it undoes, hands the lease back and starts again', async () => {
    const leases = grantingLeases();
    let starts = 0;
    let stops = 0;
    const runner = new LeasedRunner({
      leases,
      name: 'worker',
      owner: 'me',
      ttlMs: 150,
      start: async () => {
        starts++;
        if (starts === 1) throw new Error('read-model store blinked');
      },
      stop: async () => void stops++,
    });
    runner.begin();
    await until(() => runner.isLeader);
    expect(starts).toBe(2);
    expect(stops).toBe(1);
    expect(leases.released).toBe(1);
    await runner.end();
    expect(runner.isLeader).toBe(false);
    expect(stops).toBe(2);
  });
});
