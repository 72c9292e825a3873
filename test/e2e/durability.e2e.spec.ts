import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { examEvents } from '../support/event-log';
import { learner } from '../support/people';
import { enrollAndStart } from '../support/scenario';
import { startServerProcess } from '../support/server-process';

/** "A command answered 2xx survives a crash (kill -9)", and state survives a plain restart. */
describe('durability of acknowledged writes', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'exam-crash-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps every acknowledged command and file after kill -9, and refuses a second hand-in after restart', async () => {
    const first = await startServerProcess(dataDir);
    const { fileId } = await enrollAndStart(first.api, { examId: 'exam-crash' });
    const handIn = await first.api.post('/api/exams/exam-crash/hand-in', learner);
    expect(handIn.status).toBe(200);
    await first.kill9(); // immediately after the 2xx answer

    const second = await startServerProcess(dataDir);
    try {
      const types = (await examEvents(dataDir, 'exam-crash')).map((e) => e.type);
      expect(types.at(-1)).toBe('ExamHandedIn');
      expect(types).toHaveLength(handIn.body.revision + 1);
      expect((await second.api.post('/api/exams/exam-crash/hand-in', learner)).body.code).toBe('ALREADY_HANDED_IN');
      const download = await second.api.call('GET', `/api/exams/exam-crash/files/${fileId}`, { as: learner });
      expect(download.status).toBe(200);
      expect(download.body).toBe('%PDF-1.4 case');
    } finally {
      await second.stop();
    }
  });

  it('survives a graceful restart (SIGTERM) with the same state', async () => {
    const first = await startServerProcess(dataDir);
    await enrollAndStart(first.api, { examId: 'exam-restart' });
    await first.stop();
    expect(first.child.exitCode === 0 || first.child.signalCode === 'SIGTERM').toBe(true);
    const second = await startServerProcess(dataDir);
    try {
      expect((await second.api.post('/api/exams/exam-restart/hand-in', learner)).status).toBe(200);
    } finally {
      await second.stop();
    }
  });
});
