import {
  accessAt,
  evolveExam,
  evolveLearnerAccess,
  evolveProgram,
  ExamEvent,
  ExamState,
  initialExamState,
  initialLearnerAccess,
  LearnerAccessEvent,
  LearnerAccessState,
  ProgramDefined,
  ProgramState,
} from '../../libs/exam-domain/src';
import { RecordedEvent } from '../../libs/event-store/src';
import { toExamView } from '../../libs/projections/src';
import { Answer } from '../support/api-client';
import { logEvents, sleep } from '../support/audit';
import { admin, assessor, coach, examBoard } from '../support/people';
import { enroll } from '../support/scenario';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Issue "… reconstruct everything that happened to an exam", done-when: state?asOf at an instant
 * between any two events equals the state computed here, independently, for that prefix — for
 * every prefix of a lifecycle walk (rejected sample, trial, files, failed assessment, resit, pass, proof).
 */
describe('GET /api/audit/exams/:id/state?asOf= for every prefix of the lifecycle', () => {
  let t: TestApp;
  const examId = 'state-walk';
  const learner = { role: 'learner' as const, id: 'learner-state' };
  const exam = `/api/exams/${examId}`;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  /** One command, then a pause: every event gets an occurredAt of its own, so "between two events" exists. */
  async function step(command: () => Promise<Answer>): Promise<Answer> {
    const answer = await command();
    if (answer.status >= 300) throw new Error(`${answer.status} ${JSON.stringify(answer.body)}`);
    await sleep(5);
    return answer;
  }

  async function walk(): Promise<void> {
    const { api } = t;
    await enroll(api, { examId, learnerId: learner.id, programId: 'prog-state', gradingScale: 'numeric', resitsAllowed: true });
    await sleep(5);
    await step(() => api.post(`${exam}/xp`, admin, { amount: 60, source: 'assignment-1' }));
    await step(() => api.post(`${exam}/sample/start`, coach));
    await step(() =>
      api.post(`${exam}/sample/assess`, coach, { outcome: 'rejected', feedback: [{ assignmentId: 'a1', comment: 'More depth.' }] }),
    );
    await step(() => api.post(`${exam}/sample/feedback-viewed`, learner));
    await step(() => api.post(`${exam}/sample/start`, coach));
    await step(() => api.post(`${exam}/sample/assess`, coach, { outcome: 'approved', feedback: [] }));
    await step(() => api.post(`${exam}/xp`, admin, { amount: 40, source: 'assignment-2' }));
    // The program changes while the exam runs: the state shows the program as it was defined then.
    await step(() =>
      api.put('/api/programs/prog-state', admin, {
        title: 'Social Work, level 4 (2026)',
        xpRequired: 100,
        hasNextPart: true,
        components: [{ id: 'c1', title: 'Case analysis', instructions: 'Analyse the case.', indicativeMinutes: 120 }],
      }),
    );
    await step(() => api.post(`${exam}/release`, coach, {}));
    await step(() => api.post(`/api/learners/${learner.id}/trial`, learner));
    await step(() => api.post(`${exam}/start`, learner));
    const first = await step(() =>
      api.upload(examId, learner, { name: 'draft.pdf', type: 'application/pdf', content: Buffer.from('%PDF-1.4 draft') }, 'c1'),
    );
    await step(() =>
      api.upload(examId, learner, { name: 'analysis.pdf', type: 'application/pdf', content: Buffer.from('%PDF-1.4 analysis') }),
    );
    await step(() => api.call('DELETE', `${exam}/files/${first.body.fileId}`, { as: learner }));
    await step(() => api.post(`${exam}/video-links`, learner, { url: 'https://video.example/r', title: 'Reflection' }));
    await step(() => api.post(`${exam}/hand-in`, learner));
    await step(() => api.post(`${exam}/assessor`, examBoard, { assessorId: assessor.id }));
    await step(() => api.post(`${exam}/next-part`, assessor, { partTitle: 'Interview', note: 'Bring your case' }));
    await step(() => api.post(`${exam}/assessment`, assessor, { grade: { numeric: 4.5 }, feedback: 'Not yet.' }));
    const request = await step(() => api.post(`${exam}/reopen-requests`, assessor, { reason: 'resit', note: 'One more try' }));
    await step(() => api.post(`${exam}/reopen`, admin, { requestId: request.body.requestId }));
    await step(() => api.post(`${exam}/start`, learner));
    await step(() => api.upload(examId, learner, { name: 'resit.pdf', type: 'application/pdf', content: Buffer.from('%PDF-1.4 resit') }));
    await step(() => api.post(`${exam}/hand-in`, learner));
    await step(() => api.post(`${exam}/assessment`, assessor, { grade: { numeric: 7.5 }, feedback: 'Well argued.' }));
    await step(() => api.post(`${exam}/proof-of-participation`, coach));
  }

  const at = (event: RecordedEvent) => Date.parse(event.metadata.occurredAt);

  /** The exam at `asOf`, computed here from the raw log: fold every stream's events that had occurred by then. */
  function expectedView(log: RecordedEvent[], examPrefix: RecordedEvent[], asOf: string) {
    const asOfMs = Date.parse(asOf);
    const occurred = (stream: string) => log.filter((e) => e.stream === stream && at(e) <= asOfMs);
    const state = examPrefix.reduce<ExamState>((s, e) => evolveExam(s, e as unknown as ExamEvent), initialExamState());
    if (!state.registered) throw new Error('the walk starts with ExamRegistered');
    const program = occurred(`program-${state.programId}`).reduce<ProgramState>(
      (s, e) => evolveProgram(s, e as unknown as ProgramDefined),
      null,
    );
    const access = occurred(`learner-${state.learnerId}`).reduce<LearnerAccessState>(
      (s, e) => evolveLearnerAccess(s, e as unknown as LearnerAccessEvent),
      initialLearnerAccess(),
    );
    return toExamView(state, {
      asOf,
      revision: examPrefix[examPrefix.length - 1].revision,
      program: program ?? undefined,
      accessActive: accessAt(access, asOf).active,
      proofRendered: state.proofOfParticipationIssuedAt !== undefined, // docs/audit.md: available once issued
    });
  }

  it('equals the independently folded state at an instant between event k and k+1, for every k', async () => {
    await walk();
    const log = await logEvents(t.dataDir);
    const events = log.filter((e) => e.stream === `exam-${examId}`);
    expect(events).toHaveLength(25);
    for (let k = 1; k < events.length; k++) expect(at(events[k])).toBeGreaterThan(at(events[k - 1]));

    const statuses: string[] = [];
    for (let k = 1; k <= events.length; k++) {
      const from = at(events[k - 1]);
      const until = k < events.length ? at(events[k]) : from + 60_000;
      const asOf = new Date(Math.floor((from + until) / 2)).toISOString();
      expect(Date.parse(asOf)).toBeGreaterThanOrEqual(from);
      expect(Date.parse(asOf)).toBeLessThan(until);

      const answer = await t.api.call('GET', `/api/audit/exams/${examId}/state?asOf=${asOf}`, { as: examBoard });
      expect({ k, status: answer.status }).toEqual({ k, status: 200 });
      expect({ k, view: answer.body }).toEqual({ k, view: expectedView(log, events.slice(0, k), asOf) });
      statuses.push(answer.body.status);
    }
    expect(statuses).toEqual([
      'LOCKED', // registered
      'LOCKED', // xp 60
      'SAMPLE_IN_REVIEW',
      'SAMPLE_REJECTED',
      'SAMPLE_REJECTED', // feedback viewed
      'SAMPLE_IN_REVIEW',
      'LOCKED', // approved
      'LOCKED', // xp 100
      'RELEASED',
      'IN_PROGRESS',
      'IN_PROGRESS', // upload
      'IN_PROGRESS', // upload
      'IN_PROGRESS', // remove
      'IN_PROGRESS', // video link
      'HANDED_IN',
      'HANDED_IN', // assessor assigned
      'NEXT_PART_INVITED',
      'FAILED',
      'FAILED', // reopen requested
      'RELEASED', // resit: attempt 2
      'IN_PROGRESS',
      'IN_PROGRESS',
      'HANDED_IN',
      'PASSED',
      'PASSED', // proof issued
    ]);
  });

  it('shows the facts of other streams as they stood: program title, access, files of the attempt', async () => {
    const log = await logEvents(t.dataDir);
    const events = log.filter((e) => e.stream === `exam-${examId}`);
    const state = async (event: RecordedEvent) =>
      (await t.api.call('GET', `/api/audit/exams/${examId}/state?asOf=${event.metadata.occurredAt}`, { as: examBoard })).body;
    const released = await state(events.find((e) => e.type === 'ExamReleased')!);
    expect(released).toMatchObject({ programTitle: 'Social Work, level 4 (2026)', xp: 100, canHandIn: false });
    expect(released.components).toEqual([{ id: 'c1', title: 'Case analysis', instructions: 'Analyse the case.', indicativeMinutes: 120 }]);
    const registered = await state(events[0]);
    expect(registered).toMatchObject({ programTitle: 'Social Work, level 4', revision: 0, sample: null, assessment: null });
    expect(registered.components).toHaveLength(2);
    const linked = await state(events.find((e) => e.type === 'ExamVideoLinkAdded')!);
    expect(linked).toMatchObject({ canHandIn: true, files: [expect.objectContaining({ name: 'analysis.pdf' })] });
    const failed = await state(events.find((e) => e.type === 'AssessmentPublished')!);
    expect(failed).toMatchObject({ status: 'FAILED', assessment: { numeric: 4.5, passed: false }, proofOfParticipationAvailable: false });
    const proof = await state(events[events.length - 1]);
    expect(proof).toMatchObject({
      status: 'PASSED',
      attempt: 2,
      proofOfParticipationAvailable: true,
      files: [expect.objectContaining({ name: 'resit.pdf' })],
    });
  });

  it('is 404 before the exam was registered, and 400 for an asOf that is not an instant', async () => {
    const [first] = (await logEvents(t.dataDir)).filter((e) => e.stream === `exam-${examId}`);
    const before = new Date(at(first) - 1).toISOString();
    expect((await t.api.call('GET', `/api/audit/exams/${examId}/state?asOf=${before}`, { as: examBoard })).body.code).toBe('NOT_FOUND');
    const bad = await t.api.call('GET', `/api/audit/exams/${examId}/state?asOf=last-tuesday`, { as: examBoard });
    expect(bad).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', details: { asOf: expect.any(Array) } } });
  });
});
