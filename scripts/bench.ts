/**
 * `npm run bench` (issue 9): the app as `npm start` runs it (api and followers, embedded defaults,
 * a fresh DATA_DIR), seeded, loaded from a separate process with autocannon over loopback, and in
 * the same run, interleaved round by round, the baselines: bare Fastify answering a JSON POST, and
 * bare Fastify with one durable better-sqlite3 insert per request (WAL, synchronous=FULL).
 * Prints a table with every ratio and writes bench/results.json. Asserts nothing; medians of
 * BENCH_ROUNDS (3) rounds of BENCH_SECONDS (5) each. A smoke run (tiny counts) is part of npm test.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken } from '@exam/auth';
import { killUnderLoad } from './bench-durability';
import { bigUpload, handInRace, projectionLag, seed, streamLength, walkableExams } from './bench-figures';
import type { Load } from './bench-load';
import { findBinary, start, startApp, startFerretDb, stopped } from './bench-processes';
import { StartedApp, startupAtScale, writeLog } from './bench-scale';

const ROOT = join(__dirname, '..', '..');
const SECRET = 'bench-secret-of-16-chars-or-more';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const EXAMS = Number(process.env.BENCH_EXAMS ?? 1000);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '16,64').split(',').map(Number);
const OUT = process.env.BENCH_OUT ?? join(ROOT, 'bench', 'results.json');
const STREAM_EVENTS = Number(process.env.BENCH_STREAM_EVENTS ?? 5000);
const STREAM_SAMPLES = Number(process.env.BENCH_STREAM_SAMPLES ?? 200);
const MIX_LEARNERS = Number(process.env.BENCH_MIX_LEARNERS ?? 300);
const RACE_EXAMS = Number(process.env.BENCH_RACE_EXAMS ?? 50);
const UPLOAD_MB = Number(process.env.BENCH_UPLOAD_MB ?? 100);
/** How long the xp load runs before the app is killed with SIGKILL. */
const KILL_AFTER_MS = Number(process.env.BENCH_KILL_AFTER_MS ?? 1500);
/**
 * The log the rebuild into MongoDB (FerretDB) reads. Small: FerretDB 1.24's SQLite backend scans for
 * any filter not on _id, so its rebuild time grows with the square of the log (2,500 events 48 s, 5,000: 194 s).
 */
const MONGO_EVENTS = Number(process.env.BENCH_MONGO_EVENTS ?? 2_000);
/** The log the start-up figure starts on (0: not measured). */
const SCALE_EVENTS = Number(process.env.BENCH_SCALE_EVENTS ?? 1_000_000);

interface Figures {
  rps: number;
  p50_ms: number;
  p99_ms: number;
}

const listening = (port: number) =>
  fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST' }).then(
    () => true,
    () => false,
  );

/** Learners walking start → upload 40 KB → hand-in at once, one walk per connection at a time. */
const MIX_CONNECTIONS = Math.min(16, MIX_LEARNERS);
/** Each connection walks whole exams: the learners of a round, rounded down to a multiple of the connections. */
const MIX_WALKS = MIX_LEARNERS - (MIX_LEARNERS % MIX_CONNECTIONS);

function load(url: string, kind: 'xp' | 'graphql', connections: number, token: string): Figures {
  return runLoad({ url, kind, connections, seconds: SECONDS, exams: EXAMS, token });
}

/** Round `round`'s walk, on exams of its own seeded before the first round: every step of every walk must answer 2xx. */
function walk(url: string, round: number): Figures {
  const figures = runLoad({
    url,
    kind: 'walk',
    connections: MIX_CONNECTIONS,
    walk: { prefix: `mix${round}`, learners: MIX_WALKS, secret: SECRET },
  });
  if (figures.answered2xx !== 3 * MIX_WALKS) throw new Error(`the walk did not complete: ${JSON.stringify(figures)}`);
  return figures;
}

/** The load generator's command line for one load (scripts/bench-load.ts). */
const loadArgs = (config: Load) => [join(ROOT, 'dist/scripts/bench-load.js'), JSON.stringify(config)];

function runLoad(config: Load): Figures & { answered2xx: number } {
  const run = spawnSync(process.execPath, loadArgs(config), { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`load failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!);
}

/**
 * `npm run projections:rebuild -- all` on the bench's log, with the app stopped: log events per
 * second, under `prefix` (the read models' store is whichever `env` configures).
 */
function rebuild(env: Record<string, string>, prefix = 'rebuild'): Record<string, number> {
  const started = performance.now();
  const run = spawnSync(process.execPath, [join(ROOT, 'dist/scripts/rebuild-projections.js'), 'all'], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`rebuild failed: ${run.stderr}`);
  const done = /(\d+) projections? \(.*\): rebuilt from (\d+) events/.exec(run.stdout);
  if (!done) throw new Error(`rebuild printed no summary: ${run.stdout.slice(-500)}`);
  const events = Number(done[2]);
  return {
    [`${prefix}.log_events`]: events,
    [`${prefix}.projections`]: Number(done[1]),
    [`${prefix}.seconds`]: seconds,
    [`${prefix}.events_per_s`]: Math.round(events / seconds),
  };
}

/** Open-loop xp load at `rate` commands/s in the load process, while the bench process measures. */
function backgroundLoad(url: string, rate: number, token: string): Promise<void> {
  const config: Load = { url, kind: 'xp', connections: 16, seconds: SECONDS, exams: EXAMS, token, rate };
  const child = spawn(process.execPath, loadArgs(config), { stdio: 'ignore' });
  return new Promise((resolve) => child.on('exit', () => resolve()));
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const medianOf = (runs: Figures[]): Figures => ({
  rps: median(runs.map((r) => r.rps)),
  p50_ms: median(runs.map((r) => r.p50_ms)),
  p99_ms: median(runs.map((r) => r.p99_ms)),
});

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'exam-bench-'));
  const children: ChildProcess[] = [];
  try {
    const now = Math.floor(Date.now() / 1000);
    const admin = await signToken({ sub: 'bench-admin', role: 'admin', exp: now + 36_000 }, SECRET);
    const learner = await signToken({ sub: 'bench-learner', role: 'learner', exp: now + 36_000 }, SECRET);
    const env = {
      DATA_DIR: join(dataDir, 'app'),
      AUTH_JWT_SECRET: SECRET,
      LOG_LEVEL: 'silent',
      RATE_LIMIT_PER_MINUTE: '1000000000',
      MONGO_URL: '',
      REDIS_URL: '',
      EVENTSTORE_URL: '',
    };
    const app = await startApp(env);
    const bare = await start('dist/scripts/bench-baseline-server.js', ['bare', '$PORT', dataDir], {}, listening);
    const fsync = await start('dist/scripts/bench-baseline-server.js', ['fsync', '$PORT', dataDir], {}, listening);
    children.push(app.child, bare.child, fsync.child);
    const running = { url: app.url, pid: app.child.pid!, secret: SECRET, admin };
    await seed(running, EXAMS);
    for (let round = 1; round <= ROUNDS; round++) await walkableExams(running, `mix${round}`, MIX_WALKS);

    const runs: Record<string, Figures[]> = {};
    const record = (key: string, figures: Figures) => (runs[key] ??= []).push(figures);
    for (let round = 1; round <= ROUNDS; round++) {
      for (const connections of CONNECTIONS) {
        record(`baseline.bare.c${connections}`, load(bare.url, 'xp', connections, admin));
        record(`baseline.fsync.c${connections}`, load(fsync.url, 'xp', connections, admin));
        record(`commands.c${connections}`, load(app.url, 'xp', connections, admin));
      }
      const top = Math.max(...CONNECTIONS);
      record(`baseline.bare_graphql.c${top}`, load(bare.url, 'graphql', top, learner));
      record(`graphql.c${top}`, load(app.url, 'graphql', top, learner));
      record('mix', walk(app.url, round));
    }

    const results: Record<string, number> = {};
    const rows: string[][] = [];
    for (const [key, figures] of Object.entries(runs)) {
      const m = medianOf(figures);
      Object.assign(results, { [`${key}.rps`]: Math.round(m.rps), [`${key}.p50_ms`]: m.p50_ms, [`${key}.p99_ms`]: m.p99_ms });
    }

    const halfPeak = Math.max(1, Math.round(results[`commands.c${CONNECTIONS[0]}.rps`] / 2));
    Object.assign(results, { 'lag.at_commands_per_s': halfPeak });
    Object.assign(results, await projectionLag(running, learner, SECONDS, 20, backgroundLoad(app.url, halfPeak, admin)));
    Object.assign(results, await streamLength(running, STREAM_EVENTS, STREAM_SAMPLES));
    results['mix.ratio_to_fsync'] = results['mix.rps'] / results[`baseline.fsync.c${CONNECTIONS[0]}.rps`];
    Object.assign(results, await bigUpload(running, UPLOAD_MB));
    Object.assign(results, await handInRace(running, RACE_EXAMS));
    await stopped(app.child); // its followers' process leaves with it
    Object.assign(results, await killUnderLoad({ ...env, DATA_DIR: join(dataDir, 'durability') }, SECRET, admin, KILL_AFTER_MS));
    Object.assign(results, rebuild(env));
    const ferretdb = process.env.BENCH_MONGO_REBUILD === '0' ? undefined : findBinary('ferretdb');
    if (ferretdb) {
      // A log of its own, smaller than the bench's (see MONGO_EVENTS); the embedded rebuild of that
      // same log gives the same-run ratio.
      const mongoEnv = { ...env, DATA_DIR: join(dataDir, 'mongo') };
      mkdirSync(mongoEnv.DATA_DIR, { recursive: true });
      await writeLog(join(mongoEnv.DATA_DIR, 'events.sqlite'), MONGO_EVENTS);
      results['rebuild.mongo.embedded_events_per_s'] = rebuild(mongoEnv)['rebuild.events_per_s'];
      const mongo = await startFerretDb(ferretdb);
      try {
        Object.assign(results, rebuild({ ...mongoEnv, MONGO_URL: mongo.url }, 'rebuild.mongo'));
      } finally {
        mongo.stop();
      }
    }
    if (SCALE_EVENTS > 0) {
      const scaleEnv = { ...env, DATA_DIR: join(dataDir, 'scale') };
      mkdirSync(scaleEnv.DATA_DIR, { recursive: true });
      const written = await writeLog(join(scaleEnv.DATA_DIR, 'events.sqlite'), SCALE_EVENTS);
      const stop = (started: StartedApp) => stopped(started.child);
      Object.assign(results, await startupAtScale(written, () => startApp(scaleEnv), stop));
    }
    for (const connections of CONNECTIONS) {
      const c = `c${connections}`;
      results[`commands.${c}.ratio_to_bare`] = results[`commands.${c}.rps`] / results[`baseline.bare.${c}.rps`];
      results[`commands.${c}.ratio_to_fsync`] = results[`commands.${c}.rps`] / results[`baseline.fsync.${c}.rps`];
      rows.push([
        `xp commands, ${connections} connections`,
        ...figuresOf(results, `commands.${c}`),
        ratio(results, `commands.${c}`, `baseline.bare.${c}`),
        ratio(results, `commands.${c}`, `baseline.fsync.${c}`),
      ]);
      rows.push([`  baseline: bare Fastify JSON POST`, ...figuresOf(results, `baseline.bare.${c}`), '', '']);
      rows.push([`  baseline: Fastify + 1 fsync'd insert`, ...figuresOf(results, `baseline.fsync.${c}`), '', '']);
    }
    const top = `c${Math.max(...CONNECTIONS)}`;
    results[`graphql.${top}.ratio_to_bare`] = results[`graphql.${top}.rps`] / results[`baseline.bare_graphql.${top}.rps`];
    rows.push([
      `GraphQL exam(id) as a learner, ${top.slice(1)} connections`,
      ...figuresOf(results, `graphql.${top}`),
      ratio(results, `graphql.${top}`, `baseline.bare_graphql.${top}`),
      '',
    ]);
    rows.push([`  baseline: bare Fastify JSON POST`, ...figuresOf(results, `baseline.bare_graphql.${top}`), '', '']);
    rows.push([
      `start → upload 40 KB → hand-in, ${MIX_CONNECTIONS} learners at a time`,
      ...figuresOf(results, 'mix'),
      '',
      ratio(results, 'mix', `baseline.fsync.c${CONNECTIONS[0]}`),
    ]);

    const extras = [
      ['figure', 'value'],
      [
        `projection lag at ${results['lag.at_commands_per_s']} commands/s (half the peak): p50 / p99 ms`,
        `${results['lag.p50_ms']} / ${results['lag.p99_ms']}`,
      ],
      [
        `xp p50 ms, 1-event vs ${results['stream.events']}-event stream`,
        `${results['stream.short.p50_ms']} vs ${results['stream.long.p50_ms']} (${results['stream.long_to_short'].toFixed(2)}×)`,
      ],
      [
        `${results['upload.mb']} MB upload: MB/s, server RSS growth MB`,
        `${results['upload.mb_per_s']}, ${results['upload.rss_growth_mb']}`,
      ],
      ['kill -9 under load: acknowledged / lost', `${results['durability.acknowledged']} / ${results['durability.lost']}`],
      [
        `8 simultaneous hand-ins on each of ${results['race.exams']} exams: exactly one 200 / violations`,
        `${results['race.exactly_one_200']} / ${results['race.violations']}`,
      ],
      [
        `rebuild of all ${results['rebuild.projections']} projections from ${results['rebuild.log_events']} log events: events/s`,
        String(results['rebuild.events_per_s']),
      ],
      ...(results['rebuild.mongo.log_events']
        ? [
            [
              `rebuild into MongoDB (FerretDB) from ${results['rebuild.mongo.log_events']} log events: events/s (embedded, same log)`,
              `${results['rebuild.mongo.events_per_s']} (${results['rebuild.mongo.embedded_events_per_s']})`,
            ],
          ]
        : []),
      ...(results['startup.log_events']
        ? [
            [
              `start-up on ${results['startup.log_events']} log events: ms to ready; idle RSS MB, api / followers`,
              `${results['startup.ready_ms']}; ${results['startup.idle_rss_mb']} / ${results['startup.followers_idle_rss_mb']}`,
            ],
            [`  (the first start's followers caught up with that log in s)`, String(results['startup.first_catch_up_s'])],
          ]
        : []),
    ];

    console.log(`\nmedians of ${ROUNDS} interleaved rounds of ${SECONDS} s; ${EXAMS} exams; node ${process.version}\n`);
    console.log(table([['figure', 'req/s', 'p50 ms', 'p99 ms', '× bare', '× fsync'], ...rows]));
    console.log('\n' + table(extras));
    mkdirSync(join(OUT, '..'), { recursive: true });
    writeFileSync(
      OUT,
      JSON.stringify({ measuredAt: new Date().toISOString(), rounds: ROUNDS, seconds: SECONDS, exams: EXAMS, results }, null, 2) + '\n',
    );
    console.log(`\nwritten to ${OUT}`);
  } finally {
    for (const child of children) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const figuresOf = (results: Record<string, number>, key: string) => [
  String(results[`${key}.rps`]),
  String(results[`${key}.p50_ms`]),
  String(results[`${key}.p99_ms`]),
];
const ratio = (results: Record<string, number>, key: string, base: string) =>
  `${(results[`${key}.rps`] / results[`${base}.rps`]).toFixed(2)}×`;
const table = (rows: string[][]) => {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ')).join('\n');
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
