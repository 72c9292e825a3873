import { examEvents } from '../support/event-log';
import { learner } from '../support/people';
import { enrollAndStart } from '../support/scenario';
import { startTestApp, TestApp } from '../support/test-app';

/** DOMAIN.md step 8: exactly once per attempt, "even when two arrive at the same moment". */
describe('concurrent commands on one exam', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it.each([2, 8])('%i simultaneous hand-ins: exactly one 200, the rest 409, one ExamHandedIn', async (n) => {
    const examId = `exam-race-${n}`;
    await enrollAndStart(t.api, { examId, learnerId: learner.id, programId: `prog-${n}` });
    const answers = await Promise.all(Array.from({ length: n }, () => t.api.post(`/api/exams/${examId}/hand-in`, learner)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, ...Array(n - 1).fill(409)]);
    for (const refused of answers.filter((a) => a.status === 409)) {
      expect(['ALREADY_HANDED_IN', 'CONCURRENCY_CONFLICT']).toContain(refused.body.code);
    }
    const handIns = (await examEvents(t.dataDir, examId)).filter((e) => e.type === 'ExamHandedIn');
    expect(handIns).toHaveLength(1);
  });

  it('serializes different commands racing on one exam without losing any', async () => {
    const examId = 'exam-race-links';
    await enrollAndStart(t.api, { examId, learnerId: learner.id, programId: 'prog-links' });
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        t.api.post(`/api/exams/${examId}/video-links`, learner, { url: `https://v.example/${i}`, title: `v${i}` }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
    const revisions = answers.map((a) => a.body.revision).sort((a, b) => a - b);
    expect(new Set(revisions).size).toBe(6);
    const links = (await examEvents(t.dataDir, examId)).filter((e) => e.type === 'ExamVideoLinkAdded');
    expect(links).toHaveLength(6);
  });
});
