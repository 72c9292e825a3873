import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { csvRecordToEvent, CsvRecordParser, ExportedEvent, parseNdjsonLine } from '../../libs/audit/src';
import { institutionIdOf, RecordedEvent, SqliteEventStore } from '../../libs/event-store/src';
import { ApiClient, Who } from './api-client';
import { until } from './event-log';

const ROOT = join(__dirname, '..', '..');

/** Every event of the server's SQLite log, in log order (a second connection, as another process would). */
export async function logEvents(dataDir: string): Promise<RecordedEvent[]> {
  const store = SqliteEventStore.open(join(dataDir, 'events.sqlite'));
  try {
    return await store.readAll();
  } finally {
    await store.close();
  }
}

/** The institution an event belongs to, worked out here from the log itself (exam: its ExamRegistered; institution-x: x). */
export function institutionsOf(events: RecordedEvent[]): (event: RecordedEvent) => string | null {
  const exams = new Map<string, string>();
  for (const e of events) if (e.type === 'ExamRegistered') exams.set(e.stream, (e.data as { institutionId: string }).institutionId);
  return (event) => {
    if (event.stream.startsWith('exam-')) return exams.get(event.stream) ?? null;
    return institutionIdOf(event.stream) ?? null;
  };
}

/** Every page of GET /api/audit/events with this query, following nextCursor. */
export async function allAuditEvents(api: ApiClient, who: Who, query = '', limit = 500): Promise<any[]> {
  const items: any[] = [];
  let after: string | null = null;
  do {
    const cursor: string = after ? `&after=${after}` : '';
    const page = await api.call('GET', `/api/audit/events?limit=${limit}${query}${cursor}`, { as: who });
    if (page.status !== 200) throw new Error(`audit events: ${page.status} ${JSON.stringify(page.body)}`);
    items.push(...page.body.items);
    after = page.body.nextCursor;
  } while (after);
  return items;
}

/** Waits until the audit read model (eventually consistent) lists every event of the log. */
export async function auditTrailCaughtUp(api: ApiClient, dataDir: string, admin: Who): Promise<void> {
  const expected = (await logEvents(dataDir)).length;
  await until(async () => ((await allAuditEvents(api, admin)).length >= expected ? true : undefined), 10_000);
}

/** A GET answered as text whatever its type (ApiClient would JSON-parse application/x-ndjson as one document). */
export async function getText(api: ApiClient, path: string, who: Who): Promise<{ status: number; body: string; headers: Headers }> {
  const response = await fetch(api.baseUrl + path, { headers: { authorization: `Bearer ${await api.token(who)}` } });
  return { status: response.status, body: await response.text(), headers: response.headers };
}

export function parseNdjson(text: string): ExportedEvent[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line, i) => parseNdjsonLine(line, i + 1));
}

/** The header and the events of a CSV export, read with the same parser the verifier uses. */
export function parseCsv(text: string): { header: string[]; events: ExportedEvent[] } {
  const parser = new CsvRecordParser();
  const [head, ...rows] = [...parser.feed(text), ...parser.end()];
  return { header: head.fields, events: rows.map((r) => csvRecordToEvent(head.fields, r.fields, r.line)) };
}

/** Runs the built `npm run audit:verify` (dist/scripts/audit-verify.js, built by the test setup). */
export function runAuditVerify(file: string, ...args: string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [join(ROOT, 'dist/scripts/audit-verify.js'), file, ...args], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
