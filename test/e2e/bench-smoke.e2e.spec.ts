/**
 * `npm run bench` with tiny counts (its figures are measured, never asserted): the harness starts the
 * app as `npm start` does, its baselines and its load generator, and writes every figure it promises.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBinary } from '../../scripts/bench-processes';

const ROOT = join(__dirname, '..', '..');

describe('the benchmark harness (smoke run)', () => {
  it('measures the app and both baselines and writes bench results with keys that say what they are', () => {
    const dir = mkdtempSync(join(tmpdir(), 'exam-bench-smoke-'));
    try {
      const out = join(dir, 'results.json');
      const run = spawnSync(process.execPath, [join(ROOT, 'dist/scripts/bench.js')], {
        encoding: 'utf8',
        env: {
          ...process.env,
          BENCH_ROUNDS: '1',
          BENCH_SECONDS: '1',
          BENCH_EXAMS: '5',
          BENCH_CONNECTIONS: '2',
          BENCH_STREAM_EVENTS: '20',
          BENCH_STREAM_SAMPLES: '3',
          BENCH_MIX_LEARNERS: '3',
          BENCH_UPLOAD_MB: '1',
          BENCH_RACE_EXAMS: '3',
          BENCH_SCALE_EVENTS: '200',
          BENCH_MONGO_EVENTS: '200',
          BENCH_OUT: out,
        },
        timeout: 120_000,
      });
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/× bare/);
      const { results } = JSON.parse(readFileSync(out, 'utf8'));
      expect(results['upload.rss_growth_mb']).toEqual(expect.any(Number));
      // Correctness, not speed: every command acknowledged before kill -9 is in the log after it.
      expect(results['durability.lost']).toBe(0);
      expect(results['race.violations']).toBe(0);
      for (const key of [
        'commands.c2.rps',
        'commands.c2.p99_ms',
        'baseline.bare.c2.rps',
        'baseline.fsync.c2.rps',
        'graphql.c2.rps',
        'commands.c2.ratio_to_fsync',
        'lag.p99_ms',
        'stream.long.p50_ms',
        'stream.short.p50_ms',
        'mix.rps',
        'mix.ratio_to_fsync',
        'upload.mb_per_s',
        'rebuild.events_per_s',
        'startup.ready_ms',
        'startup.idle_rss_mb',
        'startup.followers_idle_rss_mb',
        'durability.acknowledged',
        'race.exams',
        'race.exactly_one_200',
        // The bench rebuilds into MongoDB only where it finds a ferretdb to start.
        ...(findBinary('ferretdb')
          ? ['rebuild.mongo.events_per_s', 'rebuild.mongo.embedded_events_per_s', 'rebuild.mongo.seconds', 'rebuild.mongo.log_events']
          : []),
      ]) {
        expect(results[key]).toBeGreaterThan(0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);
});
