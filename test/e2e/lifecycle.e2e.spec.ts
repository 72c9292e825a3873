import { createHash } from 'node:crypto';
import { examEvents, until } from '../support/event-log';
import { admin, assessor, coach, examBoard, learner } from '../support/people';
import { enroll } from '../support/scenario';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Issue "The exam workflow, end to end": the whole lifecycle over HTTP, on the embedded default.
 * Each step checks the answer and what was recorded.
 */
describe('the exam lifecycle over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const typesOf = async (examId: string) => (await examEvents(t.dataDir, examId)).map((e) => e.type);

  it('walks enroll → XP → sample rejected → new sample approved → release → start → upload → hand in → assessor → next part → assessment → proof', async () => {
    const { api } = t;
    const examId = 'exam-walk';
    const exam = `/api/exams/${examId}`;
    await enroll(api, { examId });

    let answer = await api.post(`${exam}/xp`, admin, { amount: 60, source: 'assignment-1' });
    expect(answer).toMatchObject({ status: 200, body: { id: examId, revision: 1 } });
    expect(typeof answer.body.position).toBe('string');

    expect((await api.post(`${exam}/release`, coach, {})).body.code).toBe('SAMPLE_NOT_APPROVED');
    expect((await api.post(`${exam}/sample/start`, coach)).status).toBe(200);
    answer = await api.post(`${exam}/sample/assess`, coach, {
      outcome: 'rejected',
      feedback: [{ assignmentId: 'a1', comment: 'Work out the case analysis further.' }],
    });
    expect(answer.status).toBe(200);
    expect((await api.post(`${exam}/sample/feedback-viewed`, learner)).status).toBe(200);
    expect((await api.post(`${exam}/sample/start`, coach)).status).toBe(200);
    expect((await api.post(`${exam}/sample/assess`, coach, { outcome: 'approved', feedback: [] })).status).toBe(200);

    expect((await api.post(`${exam}/release`, coach, {})).body.code).toBe('XP_INSUFFICIENT');
    expect((await api.post(`${exam}/xp`, admin, { amount: 40, source: 'assignment-2' })).status).toBe(200);
    expect((await api.post(`${exam}/release`, coach, {})).status).toBe(200);

    expect((await api.post(`${exam}/start`, learner)).body.code).toBe('ACCESS_INACTIVE');
    expect((await api.post(`/api/learners/${learner.id}/trial`, learner)).status).toBe(200);
    expect((await api.post(`${exam}/start`, learner)).status).toBe(200);

    const content = Buffer.from('%PDF-1.4 my case analysis');
    const upload = await api.upload(examId, learner, { name: 'analysis.pdf', type: 'application/pdf', content }, 'c1');
    expect(upload.status).toBe(201);
    expect(upload.body).toMatchObject({
      id: examId,
      sha256: createHash('sha256').update(content).digest('hex'),
      size: content.length,
      mediaType: 'application/pdf',
    });
    const download = await api.call('GET', `${exam}/files/${upload.body.fileId}`, { as: learner });
    expect(download.status).toBe(200);
    expect(download.body).toBe(content.toString());
    expect((await api.call('GET', `${exam}/files/${upload.body.fileId}`, { as: coach })).status).toBe(200);

    expect((await api.post(`${exam}/video-links`, learner, { url: 'https://video.example/reflection', title: 'Reflection' })).status).toBe(
      200,
    );
    expect((await api.post(`${exam}/hand-in`, learner)).status).toBe(200);
    expect((await api.post(`${exam}/hand-in`, learner)).body.code).toBe('ALREADY_HANDED_IN');

    expect((await api.post(`${exam}/assessor`, examBoard, { assessorId: assessor.id })).status).toBe(200);
    expect(
      (await api.post(`${exam}/next-part`, assessor, { partTitle: 'Criterion-based interview', scheduledAt: '2026-12-10T10:00:00Z' }))
        .status,
    ).toBe(200);
    expect((await api.post(`${exam}/proof-of-participation`, coach)).body.code).toBe('NOT_PASSED');
    expect((await api.post(`${exam}/assessment`, assessor, { grade: { rating: 'GOOD' }, feedback: 'x' })).body.code).toBe(
      'GRADE_SCALE_MISMATCH',
    );
    answer = await api.post(`${exam}/assessment`, assessor, { grade: { numeric: 7.5 }, feedback: 'Well argued.' });
    expect(answer.status).toBe(200);
    expect((await api.call('GET', `${exam}/proof-of-participation`, { as: learner })).status).toBe(404);
    expect((await api.post(`${exam}/proof-of-participation`, coach)).status).toBe(202);

    const pdf = await until(async () => {
      const r = await api.call('GET', `${exam}/proof-of-participation`, { as: learner });
      return r.status === 200 ? r : undefined;
    });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.body).toMatch(/^%PDF-1\.4/);
    // The document's title; its page text (compressed, in embedded fonts) is read with pdftotext in proof-of-participation.e2e.spec.ts.
    expect(pdf.body).toContain('Social Work, level 4');

    expect(await typesOf(examId)).toEqual([
      'ExamRegistered',
      'XpAwarded',
      'SampleStarted',
      'SampleAssessed',
      'SampleFeedbackViewed',
      'SampleStarted',
      'SampleAssessed',
      'XpAwarded',
      'ExamReleased',
      'ExamStarted',
      'ExamFileUploaded',
      'ExamVideoLinkAdded',
      'ExamHandedIn',
      'AssessorAssigned',
      'NextPartInvited',
      'AssessmentPublished',
      'ProofOfParticipationIssued',
    ]);
    const events = await examEvents(t.dataDir, examId);
    const published = events.find((e) => e.type === 'AssessmentPublished')!;
    expect(published.data).toMatchObject({ passed: true, grade: { numeric: 7.5 }, attempt: 1 });
    expect(published.metadata).toMatchObject({ actorId: assessor.id, actorRole: 'assessor', schemaVersion: 1 });
    for (const e of events) {
      expect(e.metadata).toEqual(
        expect.objectContaining({ correlationId: expect.any(String), causationId: expect.any(String), occurredAt: expect.any(String) }),
      );
      expect(e.metadata.hash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('reopens for a missing file on an approved request: same attempt, earlier files kept, hand in again', async () => {
    const { api } = t;
    const examId = 'exam-missing-file';
    const exam = `/api/exams/${examId}`;
    await enroll(api, { examId, learnerId: 'learner-mf' });
    const mf = { role: 'learner' as const, id: 'learner-mf' };
    await api.post(`${exam}/release`, coach, { early: true }).then((r) => expect(r.body.code).toBe('EARLY_RELEASE_NOT_ALLOWED'));
    await api.post(`${exam}/xp`, admin, { amount: 100, source: 'all' });
    await api.post(`${exam}/sample/start`, coach);
    await api.post(`${exam}/sample/assess`, coach, { outcome: 'approved', feedback: [] });
    await api.post(`${exam}/release`, coach, {});
    await api.post(`/api/learners/${mf.id}/subscriptions`, admin, { validUntil: '2099-01-01T00:00:00Z' });
    await api.post(`${exam}/start`, mf);
    const first = await api.upload(examId, mf, { name: 'part1.pdf', type: 'application/pdf', content: Buffer.from('part one') });
    expect((await api.post(`${exam}/hand-in`, mf)).status).toBe(200);

    const request = await api.post(`${exam}/reopen-requests`, coach, { reason: 'missing_file', note: 'Part 2 was not uploaded' });
    expect(request.status).toBe(201);
    expect(request.body.requestId).toEqual(expect.any(String));
    expect((await api.post(`${exam}/reopen`, admin, { requestId: request.body.requestId })).status).toBe(200);
    expect((await api.post(`${exam}/reopen`, admin, { requestId: request.body.requestId })).body.code).toBe('REQUEST_NOT_OPEN');

    const second = await api.upload(examId, mf, { name: 'part2.pdf', type: 'application/pdf', content: Buffer.from('part two') });
    expect(second.status).toBe(201);
    expect((await api.post(`${exam}/hand-in`, mf)).status).toBe(200);
    const events = await examEvents(t.dataDir, examId);
    const handIns = events.filter((e) => e.type === 'ExamHandedIn').map((e) => e.data as { attempt: number; files: { fileId: string }[] });
    expect(handIns).toHaveLength(2);
    expect(handIns[1].attempt).toBe(1);
    expect(handIns[1].files.map((f) => f.fileId)).toEqual([first.body.fileId, second.body.fileId]);
  });

  it('reopens for a resit where the institution allows it: a new attempt from RELEASED with no files', async () => {
    const { api } = t;
    const examId = 'exam-resit';
    const exam = `/api/exams/${examId}`;
    await enroll(api, {
      examId,
      learnerId: 'learner-rs',
      institutionId: 'inst-resit',
      gradingScale: 'rating',
      resitsAllowed: true,
      earlyReleaseAllowed: true,
    });
    const rs = { role: 'learner' as const, id: 'learner-rs' };
    expect((await api.post(`${exam}/release`, coach, { early: true })).status).toBe(200);
    await api.post(`/api/learners/${rs.id}/trial`, rs);
    await api.post(`${exam}/start`, rs);
    const firstAttemptFile = await api.upload(examId, rs, { name: 'a.pdf', type: 'application/pdf', content: Buffer.from('attempt one') });
    const discarded = await api.upload(examId, rs, { name: 'draft.pdf', type: 'application/pdf', content: Buffer.from('a draft') });
    await api.call('DELETE', `${exam}/files/${discarded.body.fileId}`, { as: rs });
    await api.post(`${exam}/hand-in`, rs);
    await api.post(`${exam}/assessor`, admin, { assessorId: assessor.id });
    expect((await api.post(`${exam}/reopen-requests`, assessor, { reason: 'resit', note: 'not yet' })).body.code).toBe(
      'REOPEN_NOT_ALLOWED',
    );
    const failed = await api.post(`${exam}/assessment`, assessor, { grade: { rating: 'UNSATISFACTORY' }, feedback: 'Not yet sufficient.' });
    expect(failed.status).toBe(200);

    const request = await api.post(`${exam}/reopen-requests`, assessor, { reason: 'resit', note: 'Learner may resit' });
    expect(request.status).toBe(201);
    expect((await api.post(`${exam}/reopen`, admin, { requestId: request.body.requestId })).status).toBe(200);
    expect((await api.post(`${exam}/hand-in`, rs)).body.code).toBe('EXAM_NOT_IN_PROGRESS');
    expect((await api.post(`${exam}/start`, rs)).status).toBe(200);
    expect((await api.post(`${exam}/hand-in`, rs)).body.code).toBe('NO_FILES');
    // The first attempt's hand-in stays stored and visible after the resit ("nothing is deleted").
    const board = { role: 'exam_board' as const, id: 'board-resit', institutionId: 'inst-resit' };
    for (const who of [rs, board]) {
      const kept = await api.call('GET', `${exam}/files/${firstAttemptFile.body.fileId}`, { as: who });
      expect({ status: kept.status, body: kept.body }).toEqual({ status: 200, body: 'attempt one' });
    }
    expect((await api.call('GET', `${exam}/files/${discarded.body.fileId}`, { as: rs })).status).toBe(404);
    await api.upload(examId, rs, { name: 'b.pdf', type: 'application/pdf', content: Buffer.from('attempt two') });
    expect((await api.post(`${exam}/hand-in`, rs)).status).toBe(200);
    expect((await api.post(`${exam}/assessment`, assessor, { grade: { rating: 'GOOD' }, feedback: 'Good.' })).status).toBe(200);
    expect((await api.post(`${exam}/reopen-requests`, coach, { reason: 'resit', note: 'again?' })).body.code).toBe('ALREADY_PASSED');

    const events = await examEvents(t.dataDir, examId);
    const reopened = events.find((e) => e.type === 'ExamReopened')!;
    expect(reopened.data).toMatchObject({ reason: 'resit', attempt: 2, requestId: request.body.requestId });
    const assessments = events.filter((e) => e.type === 'AssessmentPublished').map((e) => e.data);
    expect(assessments).toEqual([
      expect.objectContaining({ attempt: 1, passed: false }),
      expect.objectContaining({ attempt: 2, passed: true }),
    ]);
  });

  it('declines a reopen request, and refuses a resit where the institution does not allow it', async () => {
    const { api } = t;
    const examId = 'exam-no-resit';
    const exam = `/api/exams/${examId}`;
    await enroll(api, { examId, learnerId: 'learner-nr', institutionId: 'inst-strict', resitsAllowed: false, earlyReleaseAllowed: true });
    const nr = { role: 'learner' as const, id: 'learner-nr' };
    await api.post(`${exam}/release`, coach, { early: true });
    await api.post(`/api/learners/${nr.id}/trial`, nr);
    await api.post(`${exam}/start`, nr);
    await api.post(`${exam}/video-links`, nr, { url: 'https://video.example/v', title: 'Video' });
    await api.post(`${exam}/hand-in`, nr);
    const board = { role: 'exam_board' as const, id: 'board-strict', institutionId: 'inst-strict' };
    const declined = await api.post(`${exam}/reopen-requests`, board, { reason: 'missing_file', note: 'a file is missing?' });
    expect(declined.status).toBe(201);
    expect(
      (await api.post(`${exam}/reopen-requests/${declined.body.requestId}/decline`, admin, { note: 'all files are there' })).status,
    ).toBe(200);
    expect((await api.post(`${exam}/reopen`, admin, { requestId: declined.body.requestId })).body.code).toBe('REQUEST_NOT_OPEN');
    await api.post(`${exam}/assessor`, admin, { assessorId: assessor.id });
    await api.post(`${exam}/assessment`, assessor, { grade: { numeric: 4.0 }, feedback: 'Insufficient.' });
    expect((await api.post(`${exam}/reopen-requests`, board, { reason: 'resit', note: 'please' })).body.code).toBe('RESIT_NOT_ALLOWED');
    expect((await api.post(`${exam}/reopen`, admin, { reason: 'resit', note: 'own initiative' })).body.code).toBe('RESIT_NOT_ALLOWED');
    const late = await api.post(`${exam}/reopen-requests`, board, { reason: 'missing_file', note: 'after assessment' });
    expect(late.body.code).toBe('REOPEN_NOT_ALLOWED');
    const types = (await examEvents(t.dataDir, examId)).map((e) => e.type);
    expect(types.filter((type) => type === 'ExamReopened')).toHaveLength(0);
    expect(types).toContain('ExamReopenRequestDeclined');
  });
});
