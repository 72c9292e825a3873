/**
 * The baselines `npm run bench` measures beside the app, each in its own process:
 *   bare   — Fastify answering a JSON POST (what HTTP + JSON costs here);
 *   fsync  — the same, plus one durable better-sqlite3 insert per request, with the event log's
 *            pragmas (WAL, synchronous=FULL): what one fsync per command costs on this disk.
 * Usage: node dist/scripts/bench-baseline-server.js <bare|fsync> <port> <dataDir>
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Fastify from 'fastify';

const [mode, port, dataDir] = process.argv.slice(2);
const app = Fastify();
if (mode === 'fsync') {
  const db = new Database(join(dataDir, 'baseline.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE IF NOT EXISTS events (position INTEGER PRIMARY KEY AUTOINCREMENT, stream TEXT, data TEXT)');
  const insert = db.prepare('INSERT INTO events (stream, data) VALUES (?, ?)');
  app.post('/api/exams/:id/xp', async (request) => {
    const { id } = request.params as { id: string };
    const result = insert.run(`exam-${id}`, JSON.stringify(request.body));
    return { id, revision: 0, position: String(result.lastInsertRowid) };
  });
} else {
  app.post('/api/exams/:id/xp', async (request) => ({ id: (request.params as { id: string }).id, revision: 0, position: '0' }));
}
app.post('/graphql', async () => ({ data: { exam: null } }));
app.listen({ port: Number(port), host: '127.0.0.1' }).then(() => console.log('ready'));
