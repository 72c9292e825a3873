/**
 * The load generator of `npm run bench`, in a process of its own (so its CPU is not the server's):
 * autocannon against one target, printing its figures as one JSON line.
 * Usage: node dist/scripts/bench-load.js '<json: { url, kind, connections, seconds, exams, token, rate? }>'
 * `rate`: requests per second over all connections (open loop); omitted: as fast as answered.
 */
import autocannon from 'autocannon';

interface Load {
  url: string;
  kind: 'xp' | 'graphql';
  connections: number;
  seconds: number;
  exams: number;
  token: string;
  rate?: number;
}

const load: Load = JSON.parse(process.argv[2]);
const examId = () => `bench-${Math.floor(Math.random() * load.exams)}`;
const headers = { authorization: `Bearer ${load.token}`, 'content-type': 'application/json' };

autocannon(
  {
    url: load.url,
    connections: load.connections,
    duration: load.seconds,
    ...(load.rate ? { overallRate: load.rate } : {}),
    requests: [
      load.kind === 'xp'
        ? {
            method: 'POST',
            headers,
            setupRequest: (r) => ({ ...r, path: `/api/exams/${examId()}/xp`, body: '{"amount":1,"source":"bench"}' }),
          }
        : {
            method: 'POST',
            path: '/graphql',
            headers,
            setupRequest: (r) => ({ ...r, body: JSON.stringify({ query: `{ exam(id: "${examId()}") { id status xp canHandIn } }` }) }),
          },
    ],
  },
  (error, result) => {
    if (error) throw error;
    const ok = result.requests.total - result.non2xx - result.errors - result.timeouts;
    console.log(
      JSON.stringify({
        rps: ok / load.seconds,
        p50_ms: result.latency.p50,
        p99_ms: result.latency.p99,
        non2xx: result.non2xx,
        errors: result.errors,
      }),
    );
  },
);
