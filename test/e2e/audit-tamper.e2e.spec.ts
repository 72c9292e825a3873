import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { auditTrailCaughtUp, getText, runAuditVerify } from '../support/audit';
import { examEvents } from '../support/event-log';
import { admin, examBoard } from '../support/people';
import { enrollAndStart } from '../support/scenario';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Issue "… reconstruct and trust everything that happened to an exam", done-when: someone with
 * access to the SQLite file edits or deletes a stored event; verify names the revision, the
 * untouched exams stay valid, and an export verifies on its own until one byte of it changes.
 */
describe('tampering with the stored log', () => {
  let t: TestApp;
  const exams = ['tamper-edit', 'tamper-actor', 'tamper-delete', 'tamper-renumber', 'tamper-tail', 'untouched'];

  beforeAll(async () => {
    t = await startTestApp();
    for (const examId of exams) await enrollAndStart(t.api, { examId, learnerId: `learner-${examId}` });
    await auditTrailCaughtUp(t.api, t.dataDir, admin);
  });
  afterAll(() => t.close());

  /** Another process with write access to the event log: what an insider could do. */
  function tamper(change: (db: Database.Database) => void): void {
    const db = new Database(join(t.dataDir, 'events.sqlite'));
    try {
      change(db);
    } finally {
      db.close();
    }
  }
  const verify = async (examId: string) => (await t.api.call('GET', `/api/audit/exams/${examId}/verify`, { as: admin })).body;
  const stream = (examId: string) => `exam-${examId}`;

  it('every exam is valid before anyone touches the file', async () => {
    for (const examId of exams) expect(await verify(examId)).toEqual({ valid: true, checked: 7 });
  });

  it('an edited data value breaks the chain at that revision', async () => {
    tamper((db) =>
      db.prepare(`UPDATE events SET data = json_set(data, '$.amount', 1000) WHERE stream = ? AND revision = 1`).run(stream('tamper-edit')),
    );
    const history = await t.api.call('GET', '/api/audit/exams/tamper-edit', { as: examBoard });
    expect(history.body.events[1]).toMatchObject({ type: 'XpAwarded', data: { amount: 1000 } }); // shown as stored
    expect(await verify('tamper-edit')).toEqual({ valid: false, checked: 2, brokenAtRevision: 1, reason: 'hash_mismatch' });
    expect((await t.api.call('GET', '/api/audit/exams/tamper-edit/verify', { as: examBoard })).body).toMatchObject({
      valid: false,
      brokenAtRevision: 1,
    });
  });

  it('an edited metadata field (who did it) breaks the chain at that revision', async () => {
    tamper((db) =>
      db
        .prepare(`UPDATE events SET metadata = json_set(metadata, '$.actorId', 'someone-else') WHERE stream = ? AND revision = 3`)
        .run(stream('tamper-actor')),
    );
    expect(await verify('tamper-actor')).toEqual({ valid: false, checked: 4, brokenAtRevision: 3, reason: 'hash_mismatch' });
  });

  it('a deleted event in the middle breaks the chain at its revision', async () => {
    tamper((db) => db.prepare('DELETE FROM events WHERE stream = ? AND revision = 4').run(stream('tamper-delete')));
    expect((await examEvents(t.dataDir, 'tamper-delete')).map((e) => e.revision)).toEqual([0, 1, 2, 3, 5, 6]);
    expect(await verify('tamper-delete')).toEqual({ valid: false, checked: 5, brokenAtRevision: 4, reason: 'revision_gap' });
  });

  it('a deleted event whose successors were renumbered to hide the gap still breaks the chain there', async () => {
    tamper((db) => {
      db.prepare('DELETE FROM events WHERE stream = ? AND revision = 2').run(stream('tamper-renumber'));
      for (const revision of [3, 4, 5, 6]) {
        db.prepare('UPDATE events SET revision = ? WHERE stream = ? AND revision = ?').run(
          revision - 1,
          stream('tamper-renumber'),
          revision,
        );
      }
    });
    expect((await examEvents(t.dataDir, 'tamper-renumber')).map((e) => e.revision)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(await verify('tamper-renumber')).toEqual({ valid: false, checked: 3, brokenAtRevision: 2, reason: 'prev_hash_mismatch' });
  });

  it('a deleted last event (the chain that is left still links up) is caught against the audit trail', async () => {
    tamper((db) => db.prepare('DELETE FROM events WHERE stream = ? AND revision = 6').run(stream('tamper-tail')));
    expect(await verify('tamper-tail')).toEqual({ valid: false, checked: 6, brokenAtRevision: 6, reason: 'events_missing_at_end' });
  });

  it('untouched exams stay valid', async () => {
    expect(await verify('untouched')).toEqual({ valid: true, checked: 7 });
    expect((await t.api.call('GET', '/api/audit/exams/untouched/verify', { as: examBoard })).body).toEqual({ valid: true, checked: 7 });
  });
});

describe('npm run audit:verify on an export', () => {
  let t: TestApp;
  let dir: string;

  beforeAll(async () => {
    t = await startTestApp({ withWorker: false });
    dir = mkdtempSync(join(tmpdir(), 'audit-export-'));
    for (const examId of ['export-1', 'export-2', 'export-3']) await enrollAndStart(t.api, { examId, learnerId: `learner-${examId}` });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function exportTo(name: string, query = ''): Promise<string> {
    const answer = await getText(t.api, `/api/audit/export?${query}`, admin);
    expect(answer.status).toBe(200);
    const file = join(dir, name);
    writeFileSync(file, answer.body);
    return file;
  }

  /** Changes exactly one byte inside a data value of an exam event; answers that event's line. */
  function changeOneByte(file: string, marker: string): { stream: string; revision: number; line: number } {
    const bytes = readFileSync(file);
    const at = bytes.indexOf(marker);
    expect(at).toBeGreaterThan(0);
    const index = at + marker.length - 1;
    bytes[index] = bytes[index] === 0x73 ? 0x53 : 0x73; // 's' <-> 'S'
    writeFileSync(file, bytes);
    const line = bytes.subarray(0, at).toString('utf8').split('\n').length;
    const text = bytes.toString('utf8').split('\n')[line - 1];
    const stream = /"stream":"([^"]+)"|,(exam-[^,]+),/.exec(text)!;
    const revision = Number(/"revision":(\d+)/.exec(text)?.[1] ?? text.split(',')[2]);
    return { stream: stream[1] ?? stream[2], revision, line };
  }

  it('accepts an NDJSON export and rejects it after one byte of a data value changed (exit 1, naming stream and revision)', async () => {
    const file = await exportTo('export.ndjson');
    const accepted = runAuditVerify(file);
    expect(accepted.output).toMatch(/^VALID: \d+ events, 3 chained streams \(3 intact, 0 broken\)/m);
    expect(accepted.output).toContain('ok      exam-export-2  revisions 0..6, 7 checked');
    expect(accepted.status).toBe(0);

    const changed = changeOneByte(file, '"source":"assignments');
    expect(changed.stream).toMatch(/^exam-export-/);
    const rejected = runAuditVerify(file);
    expect(rejected.status).toBe(1);
    expect(rejected.output).toContain(`BROKEN  ${changed.stream}  at revision ${changed.revision} (hash_mismatch, line ${changed.line})`);
    expect(rejected.output).toMatch(/^INVALID: .*\(2 intact, 1 broken\)/m);
  });

  it('accepts a CSV export and rejects it after one byte changed', async () => {
    const file = await exportTo('export.csv', 'format=csv');
    const accepted = runAuditVerify(file);
    expect([accepted.status, accepted.output]).toEqual([0, expect.stringMatching(/^VALID: /m)]);
    const changed = changeOneByte(file, '""source"":""assignments');
    const rejected = runAuditVerify(file);
    expect(rejected.status).toBe(1);
    expect(rejected.output).toContain(`BROKEN  ${changed.stream}  at revision ${changed.revision} (hash_mismatch`);
  });

  it('rejects an export with a line removed; a time-window export verifies with --allow-partial only', async () => {
    const file = await exportTo('removed.ndjson');
    const lines = readFileSync(file, 'utf8').split('\n');
    const removed = lines.findIndex((l) => l.includes('"stream":"exam-export-3"') && l.includes('"revision":3'));
    writeFileSync(file, [...lines.slice(0, removed), ...lines.slice(removed + 1)].join('\n'));
    const rejected = runAuditVerify(file, '--quiet');
    expect(rejected.status).toBe(1);
    expect(rejected.output).toContain('BROKEN  exam-export-3  at revision 3 (revision_gap');
    expect(rejected.output).not.toContain('ok      ');

    const events = await examEvents(t.dataDir, 'export-2');
    const window = await exportTo('window.ndjson', `from=${events[3].metadata.occurredAt}`);
    expect(runAuditVerify(window).status).toBe(1);
    const partial = runAuditVerify(window, '--allow-partial');
    expect(partial.output).toContain('(anchored: partial export)');
    expect(partial.status).toBe(0);
  });

  it('answers exit code 2 for a file it cannot read, 1 for a line that is not JSON', async () => {
    expect(runAuditVerify(join(dir, 'missing.ndjson')).status).toBe(2);
    const file = join(dir, 'garbage.ndjson');
    writeFileSync(file, '{"stream":"exam-x"\n');
    expect(runAuditVerify(file)).toEqual({ status: 1, output: expect.stringContaining('line 1: not JSON') });
  });
});
