import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { admin } from '../support/people';
import { enroll } from '../support/scenario';
import { processesWithDataDir } from '../support/processes-of';
import { serverProcessForSuite, startServerProcess } from '../support/server-process';

const PROJECTOR = 'projection:exam-views';
const XP_AWARDS = 25;

/**
 * Issue 13, "Done when": /metrics parses as Prometheus text (a real parser from npm) and its lag
 * gauges move under load. The server runs as `npm start` does, its followers in a supervised child
 * process: the api reads their lag from the checkpoints and the log, and their job counts over IPC.
 */
describe('GET /metrics of the real server process', () => {
  const server = serverProcessForSuite('exam-metrics-');

  let lastText = '';
  const scrape = async () => {
    const response = await fetch(`${server().api.baseUrl}/metrics`); // no token
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    lastText = await response.text();
    return parsePrometheusTextFormat(lastText); // throws on any line that is not Prometheus text
  };
  const value = (families: ReturnType<typeof parsePrometheusTextFormat>, name: string, labels: Record<string, string> = {}) => {
    const family = families.find((f) => f.name === name);
    const sample = family?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
    if (sample?.value === undefined) throw new Error(`no ${name} ${JSON.stringify(labels)} in the scrape`);
    return Number(sample.value);
  };
  const workerPid = () => processesWithDataDir(server().dataDir).find((pid) => pid !== server().child.pid);

  it('reports commands, latency, the log head, follower lag that rises under load and falls back, and job counts', async () => {
    const examId = 'exam-metered';
    await enroll(server().api, { examId });
    const settled = async () => {
      for (let tries = 0; tries < 100; tries++) {
        const families = await scrape();
        if (value(families, 'exam_follower_lag_events', { follower: PROJECTOR }) === 0) return families;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('followers did not catch up');
    };
    const before = await settled();
    const headBefore = value(before, 'exam_event_store_head_position');
    expect(value(before, 'exam_follower_checkpoint_position', { follower: PROJECTOR })).toBe(headBefore);
    expect(value(before, 'exam_jobs', { state: 'failed' })).toBe(0); // asked of the child over IPC

    // Freeze the followers' process: commands still land, the followers fall behind by exactly that many.
    const worker = workerPid();
    if (worker === undefined) throw new Error('no followers process beside the api');
    process.kill(worker, 'SIGSTOP');
    try {
      for (let i = 0; i < XP_AWARDS; i++) {
        const answer = await server().api.post(`/api/exams/${examId}/xp`, admin, { amount: 1, source: `assignment-${i}` });
        expect(answer.status).toBe(200);
      }
      await server().api.post('/api/exams/no-such-exam/xp', admin, { amount: 1, source: 'x' });
      await new Promise((r) => setTimeout(r, 50));
      const behind = await scrape();
      expect(value(behind, 'exam_event_store_head_position')).toBe(headBefore + XP_AWARDS);
      expect(value(behind, 'exam_follower_lag_events', { follower: PROJECTOR })).toBe(XP_AWARDS);
      expect(value(behind, 'exam_follower_lag_seconds', { follower: PROJECTOR })).toBeGreaterThan(0);
      expect(value(behind, 'exam_follower_checkpoint_position', { follower: PROJECTOR })).toBe(headBefore);
      expect(value(behind, 'exam_commands_total', { type: 'AwardXp', outcome: 'accepted' })).toBe(XP_AWARDS);
      expect(value(behind, 'exam_commands_total', { type: 'AwardXp', outcome: 'NOT_FOUND' })).toBe(1);
    } finally {
      process.kill(worker, 'SIGCONT');
    }

    const after = await settled();
    expect(value(after, 'exam_follower_lag_seconds', { follower: PROJECTOR })).toBe(0);
    expect(value(after, 'exam_follower_checkpoint_position', { follower: PROJECTOR })).toBe(headBefore + XP_AWARDS);
    const latency = after.find((f) => f.name === 'exam_http_request_duration_seconds');
    expect(latency?.type).toBe('HISTOGRAM');
    // The parser folds a labelled histogram's series into one object, so its per-route count is read from the text.
    expect(lastText).toContain(
      `exam_http_request_duration_seconds_count{method="POST",route="/api/exams/:id/xp",status="200"} ${XP_AWARDS}`,
    );
  });

  it('is off with METRICS=off (404)', async () => {
    const offDir = mkdtempSync(join(tmpdir(), 'exam-metrics-off-'));
    const off = await startServerProcess(offDir, ['--api-only'], { METRICS: 'off' });
    try {
      expect((await fetch(`${off.api.baseUrl}/metrics`)).status).toBe(404);
    } finally {
      await off.stop();
      rmSync(offDir, { recursive: true, force: true });
    }
  });
});
