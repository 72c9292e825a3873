import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { storedFiles as storedFilesIn } from '../support/stored-files';
import { Answer, Who } from '../support/api-client';
import { eventCount, until } from '../support/event-log';
import { admin, assessor, coach, examBoard, learner, otherAssessor, otherCoach, otherExamBoard, otherLearner } from '../support/people';
import { enroll, enrollAndStart } from '../support/scenario';
import { startTestApp, TEST_SECRET, TestApp } from '../support/test-app';

/**
 * Issue "Authentication, roles and scope" (CONTRACT.md "Authentication"; DOMAIN.md "People"):
 * a missing/invalid/expired token is 401; a role that may never use a route gets 403; a role that
 * may use the route but not on this exam gets 403 for commands and 404 for reads, so that ids
 * cannot be probed. A learner cannot see another learner's exam, by any route. No refused
 * command writes an event.
 */
describe('authentication, roles and scope', () => {
  let t: TestApp;

  /** IN_PROGRESS, learner-anna, coach-carla, inst-1, one file; no assessor. */
  const MAIN = 'scope-main';
  let mainFileId: string;
  /** LOCKED, learner-lou. */
  const LOCKED = 'scope-locked';
  const lou: Who = { role: 'learner', id: 'learner-lou' };
  /** HANDED_IN, assessor-eva assigned, learner-hugo. */
  const HANDED_IN = 'scope-handed-in';
  const hugo: Who = { role: 'learner', id: 'learner-hugo' };
  /** PASSED, proof of participation generated, learner-pia; assessor-eva. */
  const PASSED = 'scope-passed';
  const pia: Who = { role: 'learner', id: 'learner-pia' };
  let passedFileId: string;

  const exam = (id: string) => `/api/exams/${id}`;

  function ok(answer: Answer, what: string): Answer {
    if (answer.status >= 300) throw new Error(`set-up ${what} failed: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer;
  }

  beforeAll(async () => {
    t = await startTestApp();
    const { api } = t;
    mainFileId = (await enrollAndStart(api, { examId: MAIN })).fileId;
    await enroll(api, { examId: LOCKED, learnerId: lou.id });

    await enrollAndStart(api, { examId: HANDED_IN, learnerId: hugo.id });
    ok(await api.post(`${exam(HANDED_IN)}/hand-in`, hugo), 'hand-in');
    ok(await api.post(`${exam(HANDED_IN)}/assessor`, admin, { assessorId: assessor.id }), 'assessor');

    passedFileId = (await enrollAndStart(api, { examId: PASSED, learnerId: pia.id })).fileId;
    ok(await api.post(`${exam(PASSED)}/hand-in`, pia), 'hand-in');
    ok(await api.post(`${exam(PASSED)}/assessor`, examBoard, { assessorId: assessor.id }), 'assessor');
    ok(await api.post(`${exam(PASSED)}/assessment`, assessor, { grade: { numeric: 8 }, feedback: 'Well done.' }), 'assessment');
    ok(await api.post(`${exam(PASSED)}/proof-of-participation`, coach), 'proof');
    await until(async () => {
      const r = await api.call('GET', `${exam(PASSED)}/proof-of-participation`, { as: pia });
      return r.status === 200 ? r : undefined;
    }, 10_000);
  }, 60_000);
  afterAll(() => t.close());

  // ---------------------------------------------------------------------------------------------
  // helpers

  const b64url = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

  /** A JWT built by hand: any header, any claims, signed with any secret (or not at all). */
  function jwt(header: Record<string, unknown>, claims: Record<string, unknown>, secret?: string): string {
    const input = `${b64url(header)}.${b64url(claims)}`;
    const signature = secret === undefined ? '' : createHmac('sha256', secret).update(input).digest('base64url');
    return `${input}.${signature}`;
  }

  const now = () => Math.floor(Date.now() / 1000);
  const claimsOf = (who: Who, exp = now() + 3600) => ({
    sub: who.id,
    role: who.role,
    ...(who.institutionId ? { institutionId: who.institutionId } : {}),
    iat: now(),
    exp,
  });
  const HS256 = { alg: 'HS256', typ: 'JWT' };

  /** Authorization header values that must never authenticate, each claiming to be `who`. */
  function badCredentials(who: Who): Array<[string, string | undefined]> {
    const good = jwt(HS256, claimsOf(who), TEST_SECRET);
    const [goodHeader, , goodSignature] = good.split('.');
    const elevated = b64url({ ...claimsOf(who), sub: `${who.id}-tampered`, role: 'admin' }); // differs from what was signed
    return [
      ['no token', undefined],
      ['an empty Bearer', 'Bearer '],
      ['a garbage token', 'Bearer garbage'],
      ['three garbage segments', 'Bearer abc.def.ghi'],
      ['the token without the Bearer scheme', good],
      ['a Basic scheme', `Basic ${Buffer.from('admin:admin').toString('base64')}`],
      ['a wrong signature (other secret)', `Bearer ${jwt(HS256, claimsOf(who), 'some-other-secret-of-enough-length')}`],
      ['claims changed after signing', `Bearer ${goodHeader}.${elevated}.${goodSignature}`],
      ['an expired token', `Bearer ${jwt(HS256, claimsOf(who, now() - 60), TEST_SECRET)}`],
      ['a token without exp', `Bearer ${jwt(HS256, { sub: who.id, role: who.role, institutionId: who.institutionId }, TEST_SECRET)}`],
      ['alg none, unsigned', `Bearer ${jwt({ alg: 'none', typ: 'JWT' }, claimsOf(who))}`],
      ['alg none, with a valid HMAC', `Bearer ${jwt({ alg: 'none', typ: 'JWT' }, claimsOf(who), TEST_SECRET)}`],
      ['alg "None"', `Bearer ${jwt({ alg: 'None', typ: 'JWT' }, claimsOf(who))}`],
      ['alg HS512', `Bearer ${jwt({ alg: 'HS512', typ: 'JWT' }, claimsOf(who), TEST_SECRET)}`],
      ['an unknown role', `Bearer ${jwt(HS256, { ...claimsOf(who), role: 'superuser' }, TEST_SECRET)}`],
      ['no sub', `Bearer ${jwt(HS256, { role: who.role, exp: now() + 3600 }, TEST_SECRET)}`],
    ];
  }

  const storedFiles = () => storedFilesIn(t.dataDir);

  function expectError(answer: Answer, status: number, code: string): void {
    expect({ status: answer.status, code: answer.body?.code }).toEqual({ status, code });
    expect(answer.body).toEqual({ statusCode: status, code, message: expect.any(String) });
  }

  /** Sends, checks the status and code, and that the log did not grow and no file was stored. */
  async function expectRefused(send: () => Promise<Answer>, status: number, code: string): Promise<Answer> {
    const before = await eventCount(t.dataDir);
    const blobs = storedFiles();
    const answer = await send();
    expectError(answer, status, code);
    expect(await eventCount(t.dataDir)).toBe(before);
    expect(storedFiles()).toEqual(blobs);
    return answer;
  }

  const post =
    (path: string, as: Who, body: unknown = {}) =>
    () =>
      t.api.post(path, as, body);
  const get = (path: string, as: Who) => () => t.api.call('GET', path, { as });
  const withAuthorization = (method: string, path: string, authorization: string | undefined, body?: unknown) => () =>
    t.api.call(method, path, { body, headers: authorization === undefined ? {} : { authorization } });

  // ---------------------------------------------------------------------------------------------

  describe('401 UNAUTHENTICATED: missing, invalid or expired tokens', () => {
    it.each(badCredentials(admin))('%s on a command (admin XP award) is 401 and writes nothing', async (_name, authorization) => {
      await expectRefused(
        withAuthorization('POST', `${exam(MAIN)}/xp`, authorization, { amount: 5, source: 'sneaky' }),
        401,
        'UNAUTHENTICATED',
      );
    });

    it.each(badCredentials(learner))('%s on a learner command (hand-in) is 401 and writes nothing', async (_name, authorization) => {
      await expectRefused(withAuthorization('POST', `${exam(MAIN)}/hand-in`, authorization, {}), 401, 'UNAUTHENTICATED');
    });

    it.each(badCredentials(learner))('%s on the file download is 401 and sends no content', async (_name, authorization) => {
      const answer = await withAuthorization('GET', `${exam(MAIN)}/files/${mainFileId}`, authorization)();
      expectError(answer, 401, 'UNAUTHENTICATED');
      expect(answer.headers.get('x-content-sha256')).toBeNull();
    });

    it.each(badCredentials(pia))('%s on the proof-of-participation download is 401', async (_name, authorization) => {
      const answer = await withAuthorization('GET', `${exam(PASSED)}/proof-of-participation`, authorization)();
      expectError(answer, 401, 'UNAUTHENTICATED');
    });

    it('an upload without a token is 401 and stores nothing', async () => {
      const form = new FormData();
      form.append('file', new Blob([randomBytes(1024)], { type: 'application/pdf' }), 'x.pdf');
      await expectRefused(() => t.api.call('POST', `${exam(MAIN)}/files`, { rawBody: form }), 401, 'UNAUTHENTICATED');
    });

    it('the same requests with a valid token do get through (the refusals above are about the token)', async () => {
      const good = `Bearer ${jwt(HS256, claimsOf(learner), TEST_SECRET)}`;
      expect((await withAuthorization('GET', `${exam(MAIN)}/files/${mainFileId}`, good)()).status).toBe(200);
      const board = `Bearer ${jwt(HS256, claimsOf(examBoard), TEST_SECRET)}`;
      expect((await withAuthorization('GET', `${exam(PASSED)}/proof-of-participation`, board)()).status).toBe(200);
    });
  });

  describe('403 FORBIDDEN: a role that may never use the route', () => {
    it.each<[string, () => Promise<Answer>]>([
      [
        'a learner registering an exam (POST /api/exams)',
        post('/api/exams', learner, { learnerId: learner.id, programId: 'prog-1', institutionId: 'inst-1', coachId: coach.id }),
      ],
      ['a learner awarding themself XP', post(`/api/exams/${MAIN}/xp`, learner, { amount: 100, source: 'me' })],
      [
        'a learner setting an institution policy',
        () =>
          t.api.put('/api/institutions/inst-1/policy', learner, {
            gradingScale: 'numeric',
            resitsAllowed: true,
            earlyReleaseAllowed: true,
          }),
      ],
      [
        'a coach defining a program',
        () => t.api.put('/api/programs/prog-1', coach, { title: 'x', xpRequired: 0, hasNextPart: false, components: [] }),
      ],
      [
        'a coach publishing an assessment',
        post(`/api/exams/${HANDED_IN}/assessment`, coach, { grade: { numeric: 9 }, feedback: 'from the coach' }),
      ],
      ['a coach starting a trial for a learner', post(`/api/learners/learner-new-1/trial`, coach)],
      ['an assessor releasing an exam', post(`/api/exams/${LOCKED}/release`, assessor, { early: true })],
      [
        'an assessor uploading a file',
        () => t.api.upload(MAIN, assessor, { name: 'x.pdf', type: 'application/pdf', content: randomBytes(2048) }),
      ],
      [
        'an exam_board approving a reopen (POST /reopen)',
        post(`/api/exams/${HANDED_IN}/reopen`, examBoard, { reason: 'missing_file', note: 'board says so' }),
      ],
      [
        'an exam_board declining a reopen request',
        post(`/api/exams/${HANDED_IN}/reopen-requests/${randomUUID()}/decline`, examBoard, { note: 'no' }),
      ],
      ['an exam_board starting a sample', post(`/api/exams/${LOCKED}/sample/start`, examBoard)],
      [
        'a learner requesting a reopen',
        post(`/api/exams/${HANDED_IN}/reopen-requests`, hugo, { reason: 'missing_file', note: 'I forgot one' }),
      ],
      ['a learner assigning an assessor', post(`/api/exams/${MAIN}/assessor`, learner, { assessorId: 'assessor-friend' })],
      ['an admin handing in for a learner', post(`/api/exams/${MAIN}/hand-in`, admin)],
      ['an admin issuing a proof of participation', post(`/api/exams/${PASSED}/proof-of-participation`, admin)],
      [
        'a coach recording a subscription',
        post(`/api/learners/${learner.id}/subscriptions`, coach, { validUntil: '2099-01-01T00:00:00Z' }),
      ],
    ])('%s is 403 and writes nothing', async (_name, send) => {
      await expectRefused(send, 403, 'FORBIDDEN');
    });

    it('an assessor reading a proof of participation (a route for learner, coach, exam_board) is 403', async () => {
      await expectRefused(get(`${exam(PASSED)}/proof-of-participation`, assessor), 403, 'FORBIDDEN');
    });

    it('the role check comes before the body is looked at', async () => {
      await expectRefused(post('/api/exams', learner, { nonsense: true }), 403, 'FORBIDDEN');
    });
  });

  describe('403 FORBIDDEN: a command by a role that may use the route, but not on this exam', () => {
    it.each<[string, () => Promise<Answer>]>([
      ["another coach starting a sample on carla's learner's exam", post(`/api/exams/${LOCKED}/sample/start`, otherCoach)],
      ['another coach assessing a sample', post(`/api/exams/${LOCKED}/sample/assess`, otherCoach, { outcome: 'approved', feedback: [] })],
      ['another coach releasing the exam', post(`/api/exams/${LOCKED}/release`, otherCoach, {})],
      [
        'another coach requesting a reopen',
        post(`/api/exams/${HANDED_IN}/reopen-requests`, otherCoach, { reason: 'missing_file', note: 'n' }),
      ],
      ['another coach issuing the proof of participation', post(`/api/exams/${PASSED}/proof-of-participation`, otherCoach)],
      ["another learner handing in anna's exam", post(`/api/exams/${MAIN}/hand-in`, otherLearner)],
      [
        "another learner adding a video link to anna's exam",
        post(`/api/exams/${MAIN}/video-links`, otherLearner, { url: 'https://video.example/x', title: 'x' }),
      ],
      [
        "another learner uploading to anna's exam",
        () => t.api.upload(MAIN, otherLearner, { name: 'x.pdf', type: 'application/pdf', content: randomBytes(4096) }),
      ],
      ["another learner removing anna's file", () => t.api.call('DELETE', `/api/exams/${MAIN}/files/${mainFileId}`, { as: otherLearner })],
      ["another learner viewing lou's sample feedback", post(`/api/exams/${LOCKED}/sample/feedback-viewed`, otherLearner)],
      ["another learner starting hugo's exam", post(`/api/exams/${HANDED_IN}/start`, otherLearner)],
      [
        'another assessor publishing the assessment',
        post(`/api/exams/${HANDED_IN}/assessment`, otherAssessor, { grade: { numeric: 9 }, feedback: 'not mine' }),
      ],
      ['another assessor inviting to the next part', post(`/api/exams/${HANDED_IN}/next-part`, otherAssessor, { partTitle: 'Interview' })],
      [
        'another assessor requesting a reopen',
        post(`/api/exams/${HANDED_IN}/reopen-requests`, otherAssessor, { reason: 'missing_file', note: 'n' }),
      ],
      [
        "another institution's exam_board requesting a reopen",
        post(`/api/exams/${HANDED_IN}/reopen-requests`, otherExamBoard, { reason: 'missing_file', note: 'n' }),
      ],
      [
        "another institution's exam_board assigning an assessor",
        post(`/api/exams/${LOCKED}/assessor`, otherExamBoard, { assessorId: otherAssessor.id }),
      ],
      [
        "another institution's exam_board re-assigning the assessor of a handed-in exam",
        post(`/api/exams/${HANDED_IN}/assessor`, otherExamBoard, { assessorId: otherAssessor.id }),
      ],
      ["a learner starting another learner's free trial", post(`/api/learners/learner-never-asked/trial`, learner)],
      ["a learner starting another learner's free trial (one who has a subscription)", post(`/api/learners/${pia.id}/trial`, otherLearner)],
    ])('%s is 403 and writes nothing', async (_name, send) => {
      await expectRefused(send, 403, 'FORBIDDEN');
    });

    it('an exam_board without an institution claim is never in scope', async () => {
      const boardless: Who = { role: 'exam_board', id: 'board-nowhere' };
      await expectRefused(post(`${exam(LOCKED)}/assessor`, boardless, { assessorId: assessor.id }), 403, 'FORBIDDEN');
    });

    it('the people in scope may do what the others were refused (the refusals are about scope)', async () => {
      const { api } = t;
      expect((await api.post(`${exam(LOCKED)}/assessor`, examBoard, { assessorId: assessor.id })).status).toBe(200);
      expect((await api.post(`${exam(LOCKED)}/sample/start`, coach)).status).toBe(200);
      expect((await api.post(`/api/learners/learner-never-asked/trial`, { role: 'learner', id: 'learner-never-asked' })).status).toBe(200);
      const request = await api.post(`${exam(HANDED_IN)}/reopen-requests`, examBoard, { reason: 'missing_file', note: 'in scope' });
      expect(request.status).toBe(201);
    });
  });

  describe('404 NOT_FOUND: a read by a role that may use the route, but not on this exam', () => {
    it.each<[string, Who]>([
      ['another learner', otherLearner],
      ['another coach', otherCoach],
      ['an assessor who is not assigned', otherAssessor],
      ["another institution's exam_board", otherExamBoard],
    ])("%s downloading a file of anna's exam gets 404, the same answer as for a file that does not exist", async (_name, who) => {
      const answer = await get(`${exam(MAIN)}/files/${mainFileId}`, who)();
      const missingFile = await get(`${exam(MAIN)}/files/${randomUUID()}`, learner)();
      const missingExam = await get(`/api/exams/exam-that-does-not-exist/files/${mainFileId}`, who)();
      expectError(answer, 404, 'NOT_FOUND');
      expect(answer.body).toEqual(missingFile.body);
      expect(answer.body).toEqual(missingExam.body);
      expect(answer.headers.get('x-content-sha256')).toBeNull();
      expect(answer.headers.get('content-disposition')).toBeNull();
    });

    it.each<[string, Who]>([
      ['another learner', otherLearner],
      ['another coach', otherCoach],
      ["another institution's exam_board", otherExamBoard],
    ])('%s downloading a file of a passed exam gets 404', async (_name, who) => {
      expectError(await get(`${exam(PASSED)}/files/${passedFileId}`, who)(), 404, 'NOT_FOUND');
    });

    it.each<[string, Who]>([
      ['another learner', otherLearner],
      ["another institution's exam_board", otherExamBoard],
      ['another coach', otherCoach],
      ['an exam_board without an institution claim', { role: 'exam_board', id: 'board-nowhere' }],
    ])('%s downloading the proof of participation gets 404, the same answer as for an exam that does not exist', async (_name, who) => {
      const answer = await get(`${exam(PASSED)}/proof-of-participation`, who)();
      const missing = await get('/api/exams/exam-that-does-not-exist/proof-of-participation', who)();
      expectError(answer, 404, 'NOT_FOUND');
      expect(answer.body).toEqual(missing.body);
      expect(answer.headers.get('content-type') ?? '').not.toContain('application/pdf');
    });

    it('another learner asking for the proof of an exam that has not passed gets 404, not 409 NOT_PASSED', async () => {
      const answer = await get(`${exam(MAIN)}/proof-of-participation`, otherLearner)();
      expectError(answer, 404, 'NOT_FOUND');
      expect(answer.body).toEqual((await get('/api/exams/exam-that-does-not-exist/proof-of-participation', otherLearner)()).body);
      // while the exam's own learner is told why
      expectError(await get(`${exam(MAIN)}/proof-of-participation`, learner)(), 409, 'NOT_PASSED');
    });

    it('the people in scope can read them (the 404s above are about scope)', async () => {
      for (const who of [learner, coach, examBoard, admin]) {
        const answer = await get(`${exam(MAIN)}/files/${mainFileId}`, who)();
        expect({ who: who.id, status: answer.status }).toEqual({ who: who.id, status: 200 });
        expect(answer.body).toBe('%PDF-1.4 case');
      }
      expect((await get(`${exam(PASSED)}/files/${passedFileId}`, assessor)()).status).toBe(200);
      for (const who of [pia, coach, examBoard]) {
        const answer = await get(`${exam(PASSED)}/proof-of-participation`, who)();
        expect({ who: who.id, status: answer.status }).toEqual({ who: who.id, status: 200 });
        expect(answer.headers.get('content-type')).toBe('application/pdf');
      }
    });
  });
});
