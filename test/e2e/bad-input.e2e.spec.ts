import { randomBytes, randomUUID } from 'node:crypto';
import { storedFiles as storedFilesIn } from '../support/stored-files';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Answer, Who } from '../support/api-client';
import { eventCount } from '../support/event-log';
import { admin, assessor, coach, learner } from '../support/people';
import { enroll, enrollAndStart } from '../support/scenario';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Issue "Bad input of every kind gets the right status and code, and writes no event"
 * (CONTRACT.md "Errors" and "Commands": class-validator, unknown fields rejected, Idempotency-Key;
 * DOMAIN.md step 7: a video over 100 MB is refused before anything is stored).
 * Every case checks the status, the error body `{ statusCode, code, message }` (with `details`
 * per field for a field-level VALIDATION_FAILED) and that the event log did not grow.
 */
describe('bad input gets the right status and code, and writes no event', () => {
  let t: TestApp;

  const MiB = 1024 * 1024;
  const MAX_VIDEO_BYTES = 104_857_600;

  /** LOCKED (registered only). */
  const LOCKED = 'bad-locked';
  /** IN_PROGRESS with one file; learner-anna. */
  const IN_PROGRESS = 'bad-in-progress';
  /** HANDED_IN with an assessor assigned and an open reopen request; learner-hanna. */
  const HANDED_IN = 'bad-handed-in';
  const handedInLearner: Who = { role: 'learner', id: 'learner-hanna' };
  let openRequestId: string;

  const exam = (id: string) => `/api/exams/${id}`;

  function ok(answer: Answer, what: string): Answer {
    if (answer.status >= 300) throw new Error(`set-up ${what} failed: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer;
  }

  /** An exam HANDED_IN, with the assessor assigned and an open missing_file reopen request; answers the request id. */
  async function handedInWithOpenRequest(examId: string, learnerId: string): Promise<string> {
    await enrollAndStart(t.api, { examId, learnerId });
    ok(await t.api.post(`${exam(examId)}/hand-in`, { role: 'learner', id: learnerId }), 'hand-in');
    ok(await t.api.post(`${exam(examId)}/assessor`, admin, { assessorId: assessor.id }), 'assessor');
    const request = ok(
      await t.api.post(`${exam(examId)}/reopen-requests`, coach, { reason: 'missing_file', note: 'part 2?' }),
      'reopen request',
    );
    return request.body.requestId as string;
  }

  beforeAll(async () => {
    t = await startTestApp();
    await enroll(t.api, { examId: LOCKED, learnerId: 'learner-locked' });
    await enrollAndStart(t.api, { examId: IN_PROGRESS });
    ok(await t.api.post(`${exam(IN_PROGRESS)}/assessor`, admin, { assessorId: assessor.id }), 'assessor');
    openRequestId = await handedInWithOpenRequest(HANDED_IN, handedInLearner.id);
  }, 60_000);
  afterAll(() => t.close());

  // ---------------------------------------------------------------------------------------------
  // helpers

  interface Refusal {
    status: number;
    code: string;
    /** For a field-level VALIDATION_FAILED: the fields `details` must name (a key equal to it, or nested under it). */
    fields?: string[];
  }

  const storedFiles = () => storedFilesIn(t.dataDir);

  function leftoversInIncoming(): string[] {
    const dir = join(t.dataDir, 'files', 'incoming');
    return existsSync(dir) ? readdirSync(dir) : [];
  }

  function expectErrorBody(answer: Answer, expected: Refusal): void {
    expect({ status: answer.status, code: answer.body?.code }).toEqual({ status: expected.status, code: expected.code });
    expect(answer.headers.get('content-type') ?? '').toContain('application/json');
    expect(answer.body).toEqual(expect.objectContaining({ statusCode: expected.status, code: expected.code, message: expect.any(String) }));
    expect((answer.body.message as string).length).toBeGreaterThan(0);
    expect(Object.keys(answer.body).filter((k) => !['statusCode', 'code', 'message', 'details'].includes(k))).toEqual([]);
    if (expected.fields) {
      expect(answer.body.details).toEqual(expect.any(Object));
      const keys = Object.keys(answer.body.details ?? {});
      for (const field of expected.fields) {
        const named = keys.filter((k) => k === field || k.startsWith(`${field}.`));
        if (named.length === 0) throw new Error(`details should name "${field}", got ${JSON.stringify(answer.body.details)}`);
        for (const k of named) {
          expect(answer.body.details[k]).toEqual(expect.arrayContaining([expect.any(String)]));
        }
      }
    }
  }

  /** Sends, checks the refusal, and checks that not a single event was written. */
  async function expectRefused(send: () => Promise<Answer>, expected: Refusal): Promise<Answer> {
    const before = await eventCount(t.dataDir);
    const answer = await send();
    expectErrorBody(answer, expected);
    expect(await eventCount(t.dataDir)).toBe(before);
    return answer;
  }

  /** As expectRefused, and nothing new was stored as a file either. */
  async function expectRefusedUpload(send: () => Promise<Answer>, expected: Refusal): Promise<Answer> {
    const blobsBefore = storedFiles();
    const answer = await expectRefused(send, expected);
    expect(storedFiles()).toEqual(blobsBefore);
    expect(leftoversInIncoming()).toEqual([]);
    return answer;
  }

  const post = (path: string, as: Who, body: unknown) => () => t.api.post(path, as, body);
  const put = (path: string, as: Who, body: unknown) => () => t.api.put(path, as, body);
  const raw = (method: string, path: string, as: Who, rawBody: string, contentType: string) => () =>
    t.api.call(method, path, { as, rawBody, headers: { 'content-type': contentType } });

  /** A multipart body built by hand: fields and file parts in the given order. */
  function multipart(examId: string, as: Who, parts: Array<[name: string, value: string | Blob, filename?: string]>) {
    const form = new FormData();
    for (const [name, value, filename] of parts) {
      if (typeof value === 'string') form.append(name, value);
      else form.append(name, value, filename ?? 'file.bin');
    }
    return () => t.api.call('POST', `${exam(examId)}/files`, { as, rawBody: form });
  }

  /** A body of `size` bytes that is never held in memory at once: one 1 MiB chunk, referenced over and over. */
  function lazyBlob(size: number, type: string): Blob {
    const chunk = new Blob([randomBytes(MiB)]);
    const parts: Blob[] = [];
    for (let left = size; left > 0; left -= MiB) parts.push(left >= MiB ? chunk : chunk.slice(0, left));
    return new Blob(parts, { type });
  }

  const validPolicy = { gradingScale: 'numeric', passMark: 5.5, resitsAllowed: true, earlyReleaseAllowed: false };
  const validProgram = {
    title: 'Program',
    xpRequired: 10,
    hasNextPart: false,
    components: [{ id: 'c1', title: 'Case', instructions: 'Do it.', indicativeMinutes: 30 }],
  };

  // ---------------------------------------------------------------------------------------------

  describe('bodies that are not JSON objects', () => {
    it('malformed JSON is 400 VALIDATION_FAILED', async () => {
      await expectRefused(raw('POST', `${exam(LOCKED)}/xp`, admin, '{"amount": 5, "source": ', 'application/json'), {
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      await expectRefused(raw('POST', `${exam(IN_PROGRESS)}/hand-in`, learner, '{', 'application/json'), {
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      await expectRefused(raw('PUT', '/api/programs/prog-bad', admin, "{'title': 'single quotes'}", 'application/json'), {
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    });

    it.each([
      ['text/plain', JSON.stringify({ amount: 5, source: 'a' })],
      ['application/x-www-form-urlencoded', 'amount=5&source=a'],
      ['application/xml', '<xp><amount>5</amount></xp>'],
    ])('a %s body on a JSON command is 415 UNSUPPORTED_MEDIA_TYPE', async (contentType, body) => {
      await expectRefused(raw('POST', `${exam(LOCKED)}/xp`, admin, body, contentType), { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    });

    it('a form-encoded body that would be valid as JSON is still 415 UNSUPPORTED_MEDIA_TYPE (a video link, a hand-in)', async () => {
      // its own exam: a wrongly accepted hand-in must not change the shared ones
      const form: Who = { role: 'learner', id: 'learner-form' };
      await enrollAndStart(t.api, { examId: 'bad-form', learnerId: form.id });
      const formBody = 'url=https%3A%2F%2Fvideo.example%2Fr&title=Reflection';
      await expectRefused(raw('POST', `${exam('bad-form')}/video-links`, form, formBody, 'application/x-www-form-urlencoded'), {
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
      });
      await expectRefused(raw('POST', `${exam('bad-form')}/hand-in`, form, '', 'application/x-www-form-urlencoded'), {
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
      });
    });

    it('a text/plain body on an empty-body command is 415 UNSUPPORTED_MEDIA_TYPE', async () => {
      await expectRefused(raw('POST', `${exam(IN_PROGRESS)}/hand-in`, learner, '{}', 'text/plain'), {
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
      });
    });

    it.each([
      ['an array', '[{"amount": 5, "source": "a"}]'],
      ['a string', '"five"'],
      ['a number', '5'],
    ])('a JSON body that is %s instead of an object is 400 VALIDATION_FAILED', async (_what, body) => {
      await expectRefused(raw('POST', `${exam(LOCKED)}/xp`, admin, body, 'application/json'), { status: 400, code: 'VALIDATION_FAILED' });
    });
  });

  describe('unknown fields are rejected', () => {
    it.each<[string, () => Promise<Answer>, string[]]>([
      ['xp', post(`/api/exams/${LOCKED}/xp`, admin, { amount: 5, source: 'a', bonus: true }), ['bonus']],
      [
        'register exam',
        post('/api/exams', admin, { learnerId: 'l-x', programId: 'prog-1', institutionId: 'inst-1', coachId: coach.id, status: 'PASSED' }),
        ['status'],
      ],
      ['policy', put('/api/institutions/inst-1/policy', admin, { ...validPolicy, currency: 'EUR' }), ['currency']],
      [
        'program (nested component)',
        put('/api/programs/prog-1', admin, { ...validProgram, components: [{ ...validProgram.components[0], weight: 2 }] }),
        ['components'],
      ],
      [
        'sample feedback item',
        post(`/api/exams/${LOCKED}/sample/assess`, coach, {
          outcome: 'approved',
          feedback: [{ assignmentId: 'a', comment: 'c', score: 1 }],
        }),
        ['feedback'],
      ],
      ['release', post(`/api/exams/${LOCKED}/release`, coach, { early: false, force: true }), ['force']],
      ['video link', post(`/api/exams/${IN_PROGRESS}/video-links`, learner, { url: 'https://v.example/x', title: 'x', size: 1 }), ['size']],
      [
        'assessment (nested grade)',
        post(`/api/exams/${HANDED_IN}/assessment`, assessor, { grade: { numeric: 7, bonus: 1 }, feedback: 'ok' }),
        ['grade'],
      ],
      [
        'reopen request',
        post(`/api/exams/${HANDED_IN}/reopen-requests`, coach, { reason: 'missing_file', note: 'n', urgent: true }),
        ['urgent'],
      ],
      [
        'subscription',
        post(`/api/learners/${learner.id}/subscriptions`, admin, { validUntil: '2099-01-01T00:00:00Z', plan: 'gold' }),
        ['plan'],
      ],
      // the empty-body commands
      ['hand-in', post(`/api/exams/${IN_PROGRESS}/hand-in`, learner, { confirm: true }), ['confirm']],
      ['start', post(`/api/exams/${IN_PROGRESS}/start`, learner, { at: 'now' }), ['at']],
      ['sample start', post(`/api/exams/${LOCKED}/sample/start`, coach, { number: 1 }), ['number']],
      [
        'feedback viewed',
        post(`/api/exams/${LOCKED}/sample/feedback-viewed`, { role: 'learner', id: 'learner-locked' }, { viewed: true }),
        ['viewed'],
      ],
      ['trial', post('/api/learners/learner-new/trial', admin, { days: 30 }), ['days']],
      ['proof of participation', post(`/api/exams/${HANDED_IN}/proof-of-participation`, coach, { grade: 10 }), ['grade']],
    ])('%s: an unknown field is 400 VALIDATION_FAILED naming it', async (_name, send, fields) => {
      await expectRefused(send, { status: 400, code: 'VALIDATION_FAILED', fields });
    });
  });

  describe('wrong types', () => {
    it.each<[string, () => Promise<Answer>, string[]]>([
      ['a string for amount', post(`/api/exams/${LOCKED}/xp`, admin, { amount: '10', source: 'a' }), ['amount']],
      ['a fractional amount', post(`/api/exams/${LOCKED}/xp`, admin, { amount: 1.5, source: 'a' }), ['amount']],
      ['a number for source', post(`/api/exams/${LOCKED}/xp`, admin, { amount: 10, source: 7 }), ['source']],
      ['a number for title', put('/api/programs/prog-typed', admin, { ...validProgram, title: 42 }), ['title']],
      [
        '"true" as a string for a boolean (policy)',
        put('/api/institutions/inst-typed/policy', admin, { ...validPolicy, resitsAllowed: 'true' }),
        ['resitsAllowed'],
      ],
      ['"true" as a string for a boolean (release early)', post(`/api/exams/${LOCKED}/release`, coach, { early: 'true' }), ['early']],
      [
        '"false" as a string for hasNextPart',
        put('/api/programs/prog-typed', admin, { ...validProgram, hasNextPart: 'false' }),
        ['hasNextPart'],
      ],
      [
        'a string for the nested numeric grade',
        post(`/api/exams/${HANDED_IN}/assessment`, assessor, { grade: { numeric: '7.5' }, feedback: 'ok' }),
        ['grade'],
      ],
      ['a grade that is not an object', post(`/api/exams/${HANDED_IN}/assessment`, assessor, { grade: 7.5, feedback: 'ok' }), ['grade']],
      [
        'a number for feedback text',
        post(`/api/exams/${HANDED_IN}/assessment`, assessor, { grade: { numeric: 7.5 }, feedback: 8 }),
        ['feedback'],
      ],
      ['components not an array', put('/api/programs/prog-typed', admin, { ...validProgram, components: { id: 'c1' } }), ['components']],
      [
        'a component with a string for indicativeMinutes',
        put('/api/programs/prog-typed', admin, {
          ...validProgram,
          components: [{ ...validProgram.components[0], indicativeMinutes: '90' }],
        }),
        ['components'],
      ],
      ['feedback not an array', post(`/api/exams/${LOCKED}/sample/assess`, coach, { outcome: 'approved', feedback: 'fine' }), ['feedback']],
      [
        'a feedback item missing comment',
        post(`/api/exams/${LOCKED}/sample/assess`, coach, { outcome: 'rejected', feedback: [{ assignmentId: 'a1' }] }),
        ['feedback'],
      ],
      [
        'a feedback item that is a string',
        post(`/api/exams/${LOCKED}/sample/assess`, coach, { outcome: 'rejected', feedback: ['do better'] }),
        ['feedback'],
      ],
      ['a number for assessorId', post(`/api/exams/${LOCKED}/assessor`, admin, { assessorId: 12 }), ['assessorId']],
      [
        'a date that is not ISO-8601',
        post(`/api/learners/${learner.id}/subscriptions`, admin, { validUntil: 'next year' }),
        ['validUntil'],
      ],
      ['a url that is not a url', post(`/api/exams/${IN_PROGRESS}/video-links`, learner, { url: 'not a url', title: 'x' }), ['url']],
      ['a javascript: url', post(`/api/exams/${IN_PROGRESS}/video-links`, learner, { url: 'javascript:alert(1)', title: 'x' }), ['url']],
      [
        'a scheduledAt that is not a date',
        post(`/api/exams/${HANDED_IN}/next-part`, assessor, { partTitle: 'Interview', scheduledAt: 'tomorrow' }),
        ['scheduledAt'],
      ],
    ])('%s is 400 VALIDATION_FAILED', async (_name, send, fields) => {
      await expectRefused(send, { status: 400, code: 'VALIDATION_FAILED', fields });
    });

    it('names the exact nested field of a feedback item without comment', async () => {
      const answer = await expectRefused(
        post(`${exam(LOCKED)}/sample/assess`, coach, { outcome: 'rejected', feedback: [{ assignmentId: 'a1' }] }),
        {
          status: 400,
          code: 'VALIDATION_FAILED',
          fields: ['feedback.0.comment'],
        },
      );
      expect(Object.keys(answer.body.details)).not.toContain('feedback.0.assignmentId');
    });
  });

  describe('missing required fields', () => {
    it.each<[string, () => Promise<Answer>, string[]]>([
      ['xp: everything', post(`/api/exams/${LOCKED}/xp`, admin, {}), ['amount', 'source']],
      [
        'register exam: learnerId and coachId',
        post('/api/exams', admin, { programId: 'prog-1', institutionId: 'inst-1' }),
        ['learnerId', 'coachId'],
      ],
      [
        'policy: gradingScale',
        put('/api/institutions/inst-missing/policy', admin, { resitsAllowed: true, earlyReleaseAllowed: false }),
        ['gradingScale'],
      ],
      ['program: components', put('/api/programs/prog-missing', admin, { title: 'x', xpRequired: 1, hasNextPart: false }), ['components']],
      [
        'program: a component without id',
        put('/api/programs/prog-missing', admin, { ...validProgram, components: [{ title: 'x', instructions: '', indicativeMinutes: 1 }] }),
        ['components'],
      ],
      ['assessor: assessorId', post(`/api/exams/${LOCKED}/assessor`, admin, {}), ['assessorId']],
      ['sample assess: outcome', post(`/api/exams/${LOCKED}/sample/assess`, coach, { feedback: [] }), ['outcome']],
      ['sample assess: feedback', post(`/api/exams/${LOCKED}/sample/assess`, coach, { outcome: 'approved' }), ['feedback']],
      ['video link: title', post(`/api/exams/${IN_PROGRESS}/video-links`, learner, { url: 'https://v.example/x' }), ['title']],
      ['next part: partTitle', post(`/api/exams/${HANDED_IN}/next-part`, assessor, { note: 'come by' }), ['partTitle']],
      ['assessment: grade', post(`/api/exams/${HANDED_IN}/assessment`, assessor, { feedback: 'ok' }), ['grade']],
      ['assessment: feedback', post(`/api/exams/${HANDED_IN}/assessment`, assessor, { grade: { numeric: 7 } }), ['feedback']],
      ['reopen request: note', post(`/api/exams/${HANDED_IN}/reopen-requests`, coach, { reason: 'missing_file' }), ['note']],
      [
        'reopen request: empty note',
        post(`/api/exams/${HANDED_IN}/reopen-requests`, coach, { reason: 'missing_file', note: '' }),
        ['note'],
      ],
      ['reopen: neither requestId nor reason', post(`/api/exams/${HANDED_IN}/reopen`, admin, {}), ['requestId']],
      ['reopen: reason without note', post(`/api/exams/${HANDED_IN}/reopen`, admin, { reason: 'missing_file' }), ['note']],
      ['decline: note', post(`/api/exams/${HANDED_IN}/reopen-requests/${randomUUID()}/decline`, admin, {}), ['note']],
      ['subscription: validUntil', post(`/api/learners/${learner.id}/subscriptions`, admin, {}), ['validUntil']],
    ])('%s is 400 VALIDATION_FAILED', async (_name, send, fields) => {
      await expectRefused(send, { status: 400, code: 'VALIDATION_FAILED', fields });
    });
  });

  describe('out-of-range values', () => {
    it.each<[string, () => Promise<Answer>, string[]]>([
      ['xp amount 0', post(`/api/exams/${LOCKED}/xp`, admin, { amount: 0, source: 'a' }), ['amount']],
      ['xp amount negative', post(`/api/exams/${LOCKED}/xp`, admin, { amount: -5, source: 'a' }), ['amount']],
      ['xp with an empty source', post(`/api/exams/${LOCKED}/xp`, admin, { amount: 5, source: '' }), ['source']],
      ['passMark 11', put('/api/institutions/inst-range/policy', admin, { ...validPolicy, passMark: 11 }), ['passMark']],
      ['passMark 0.5', put('/api/institutions/inst-range/policy', admin, { ...validPolicy, passMark: 0.5 }), ['passMark']],
      ['xpRequired negative', put('/api/programs/prog-range', admin, { ...validProgram, xpRequired: -1 }), ['xpRequired']],
      [
        'indicativeMinutes negative',
        put('/api/programs/prog-range', admin, {
          ...validProgram,
          components: [{ ...validProgram.components[0], indicativeMinutes: -10 }],
        }),
        ['components'],
      ],
      ['an empty program title', put('/api/programs/prog-range', admin, { ...validProgram, title: '' }), ['title']],
      [
        'an exam id with a space and a bang',
        post('/api/exams', admin, { examId: 'bad id!', learnerId: 'l-r', programId: 'prog-1', institutionId: 'inst-1', coachId: coach.id }),
        ['examId'],
      ],
    ])('%s is 400 VALIDATION_FAILED', async (_name, send, fields) => {
      await expectRefused(send, { status: 400, code: 'VALIDATION_FAILED', fields });
    });

    it.each([0.5, 10.5, 0, -1, 11])('a numeric grade of %p (outside 1–10) is 400 VALIDATION_FAILED, naming the grade', async (numeric) => {
      await expectRefused(post(`${exam(HANDED_IN)}/assessment`, assessor, { grade: { numeric }, feedback: 'Out of range.' }), {
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['grade'],
      });
    });

    it('a numeric grade outside 1–10 is bad input whatever the state: 400 VALIDATION_FAILED, not a workflow 409', async () => {
      // IN_PROGRESS (assessor assigned): the input is refused for what it is before any rule about the state is weighed
      await expectRefused(post(`${exam(IN_PROGRESS)}/assessment`, assessor, { grade: { numeric: 10.5 }, feedback: 'Out of range.' }), {
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['grade'],
      });
    });
  });

  describe('invalid enum values', () => {
    it.each<[string, () => Promise<Answer>, string[]]>([
      ["sample outcome 'maybe'", post(`/api/exams/${LOCKED}/sample/assess`, coach, { outcome: 'maybe', feedback: [] }), ['outcome']],
      [
        "sample outcome 'APPROVED' (wrong case)",
        post(`/api/exams/${LOCKED}/sample/assess`, coach, { outcome: 'APPROVED', feedback: [] }),
        ['outcome'],
      ],
      ["reopen request reason 'other'", post(`/api/exams/${HANDED_IN}/reopen-requests`, coach, { reason: 'other', note: 'n' }), ['reason']],
      ["admin reopen reason 'other'", post(`/api/exams/${HANDED_IN}/reopen`, admin, { reason: 'other', note: 'n' }), ['reason']],
      [
        "rating 'EXCELLENT'",
        post(`/api/exams/${HANDED_IN}/assessment`, assessor, { grade: { rating: 'EXCELLENT' }, feedback: 'ok' }),
        ['grade'],
      ],
      [
        "gradingScale 'letters'",
        put('/api/institutions/inst-enum/policy', admin, { ...validPolicy, gradingScale: 'letters' }),
        ['gradingScale'],
      ],
    ])('%s is 400 VALIDATION_FAILED', async (_name, send, fields) => {
      await expectRefused(send, { status: 400, code: 'VALIDATION_FAILED', fields });
    });
  });

  describe('reopen: either requestId, or reason and note', () => {
    // Each case has its own handed-in exam with an open request, so a wrongly accepted body cannot disturb the others.
    it.each<[string, string, Record<string, unknown>]>([
      ['requestId with reason and note', 'bad-mixed-1', { reason: 'missing_file', note: 'own initiative too' }],
      ['requestId with reason', 'bad-mixed-2', { reason: 'missing_file' }],
      ['requestId with note', 'bad-mixed-3', { note: 'approved, see mail' }],
    ])('a body mixing %s is 400 VALIDATION_FAILED and reopens nothing', async (_name, examId, extra) => {
      const requestId = await handedInWithOpenRequest(examId, `learner-${examId}`);
      const answer = await expectRefused(post(`${exam(examId)}/reopen`, admin, { requestId, ...extra }), {
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      expect(Object.keys(answer.body.details ?? {}).length).toBeGreaterThan(0);
      // the request is still open: approving it properly works
      expect((await t.api.post(`${exam(examId)}/reopen`, admin, { requestId })).status).toBe(200);
    });

    it('the open request of the shared handed-in exam is untouched by all of this', async () => {
      expect(openRequestId).toEqual(expect.any(String));
    });
  });

  describe('Idempotency-Key', () => {
    it.each(['not-a-uuid', '12345', 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz'])(
      'a key that is not a UUID (%s) is 400 VALIDATION_FAILED',
      async (key) => {
        await expectRefused(() => t.api.post(`${exam(LOCKED)}/xp`, admin, { amount: 5, source: 'idem' }, { 'Idempotency-Key': key }), {
          status: 400,
          code: 'VALIDATION_FAILED',
          fields: ['Idempotency-Key'],
        });
      },
    );

    it('the same key with the same body answers the first answer again and writes nothing; with another body it is 409 IDEMPOTENCY_KEY_REUSED', async () => {
      const key = randomUUID();
      const headers = { 'Idempotency-Key': key };
      const body = { amount: 7, source: 'idem-assignment' };
      const first = await t.api.post(`${exam(LOCKED)}/xp`, admin, body, headers);
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ id: LOCKED, revision: expect.any(Number), position: expect.any(String) });

      const before = await eventCount(t.dataDir);
      const retry = await t.api.post(`${exam(LOCKED)}/xp`, admin, body, headers);
      expect(retry.status).toBe(first.status);
      expect(retry.body).toEqual(first.body);
      // the same body with its keys in another order is the same request
      const reordered = await t.api.post(`${exam(LOCKED)}/xp`, admin, { source: body.source, amount: body.amount }, headers);
      expect(reordered.status).toBe(200);
      expect(reordered.body).toEqual(first.body);
      expect(await eventCount(t.dataDir)).toBe(before);

      await expectRefused(() => t.api.post(`${exam(LOCKED)}/xp`, admin, { amount: 8, source: 'idem-assignment' }, headers), {
        status: 409,
        code: 'IDEMPOTENCY_KEY_REUSED',
      });
      await expectRefused(() => t.api.post(`${exam(IN_PROGRESS)}/xp`, admin, body, headers), {
        status: 409,
        code: 'IDEMPOTENCY_KEY_REUSED',
      });
      // and the first answer is still the answer
      expect((await t.api.post(`${exam(LOCKED)}/xp`, admin, body, headers)).body).toEqual(first.body);
      expect(await eventCount(t.dataDir)).toBe(before);
    });
  });

  describe('things that do not exist, and rules', () => {
    const missing = 'exam-does-not-exist';
    it.each<[string, () => Promise<Answer>]>([
      ['xp (admin)', post(`/api/exams/${missing}/xp`, admin, { amount: 5, source: 'a' })],
      ['assign assessor (admin)', post(`/api/exams/${missing}/assessor`, admin, { assessorId: assessor.id })],
      ['sample start (coach)', post(`/api/exams/${missing}/sample/start`, coach, {})],
      ['release (coach)', post(`/api/exams/${missing}/release`, coach, {})],
      ['start (learner)', post(`/api/exams/${missing}/start`, learner, {})],
      ['hand-in (learner)', post(`/api/exams/${missing}/hand-in`, learner, {})],
      ['video link (learner)', post(`/api/exams/${missing}/video-links`, learner, { url: 'https://v.example/x', title: 'x' })],
      ['assessment (assessor)', post(`/api/exams/${missing}/assessment`, assessor, { grade: { numeric: 7 }, feedback: 'ok' })],
      ['reopen request (coach)', post(`/api/exams/${missing}/reopen-requests`, coach, { reason: 'missing_file', note: 'n' })],
      ['reopen (admin)', post(`/api/exams/${missing}/reopen`, admin, { reason: 'missing_file', note: 'n' })],
      ['remove file (learner)', () => t.api.call('DELETE', `/api/exams/${missing}/files/${randomUUID()}`, { as: learner })],
    ])('%s on an exam id that does not exist is 404 NOT_FOUND', async (_name, send) => {
      await expectRefused(send, { status: 404, code: 'NOT_FOUND' });
    });

    it('an upload to an exam id that does not exist is 404 NOT_FOUND and stores nothing', async () => {
      await expectRefusedUpload(
        () => t.api.upload(missing, learner, { name: 'x.pdf', type: 'application/pdf', content: randomBytes(2048) }),
        { status: 404, code: 'NOT_FOUND' },
      );
    });

    it('approving or declining a reopen request that does not exist is 404 NOT_FOUND', async () => {
      await expectRefused(post(`${exam(HANDED_IN)}/reopen`, admin, { requestId: randomUUID() }), { status: 404, code: 'NOT_FOUND' });
      await expectRefused(post(`${exam(HANDED_IN)}/reopen-requests/${randomUUID()}/decline`, admin, { note: 'no' }), {
        status: 404,
        code: 'NOT_FOUND',
      });
    });

    it('removing a file that is not in the exam is 404 NOT_FOUND', async () => {
      await expectRefused(() => t.api.call('DELETE', `${exam(IN_PROGRESS)}/files/${randomUUID()}`, { as: learner }), {
        status: 404,
        code: 'NOT_FOUND',
      });
    });

    it('a second free trial is 409 TRIAL_ALREADY_USED, whoever asks', async () => {
      const trialist: Who = { role: 'learner', id: 'learner-trialist' };
      expect((await t.api.post(`/api/learners/${trialist.id}/trial`, trialist, {})).status).toBe(200);
      await expectRefused(post(`/api/learners/${trialist.id}/trial`, trialist, {}), { status: 409, code: 'TRIAL_ALREADY_USED' });
      await expectRefused(post(`/api/learners/${trialist.id}/trial`, admin, {}), { status: 409, code: 'TRIAL_ALREADY_USED' });
      const other: Who = { role: 'learner', id: 'learner-trialist-2' };
      expect((await t.api.post(`/api/learners/${other.id}/trial`, admin, {})).status).toBe(200);
      await expectRefused(post(`/api/learners/${other.id}/trial`, other, {}), { status: 409, code: 'TRIAL_ALREADY_USED' });
    });
  });

  describe('uploads', () => {
    it('a video of 104,857,601 bytes is 413 FILE_TOO_LARGE, and nothing is stored', async () => {
      const video = lazyBlob(MAX_VIDEO_BYTES + 1, 'video/mp4');
      expect(video.size).toBe(104_857_601);
      await expectRefusedUpload(() => t.api.upload(IN_PROGRESS, learner, { name: 'reflection.mp4', type: 'video/mp4', content: video }), {
        status: 413,
        code: 'FILE_TOO_LARGE',
      });
    }, 180_000);

    it('a video of exactly 104,857,600 bytes is accepted', async () => {
      const video = lazyBlob(MAX_VIDEO_BYTES, 'video/mp4');
      const before = await eventCount(t.dataDir);
      const answer = await t.api.upload(IN_PROGRESS, learner, { name: 'reflection.mp4', type: 'video/mp4', content: video }, 'c2');
      expect(answer.status).toBe(201);
      expect(answer.body).toMatchObject({ id: IN_PROGRESS, size: MAX_VIDEO_BYTES, mediaType: 'video/mp4', fileId: expect.any(String) });
      expect(answer.body.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(await eventCount(t.dataDir)).toBe(before + 1);
      expect(storedFiles().some((path) => path.endsWith(answer.body.sha256))).toBe(true);
    }, 180_000);

    it('an upload to an exam that is not IN_PROGRESS is refused (409) before anything is stored', async () => {
      await expectRefusedUpload(
        () => t.api.upload(HANDED_IN, handedInLearner, { name: 'late.pdf', type: 'application/pdf', content: randomBytes(64 * 1024) }),
        { status: 409, code: 'EXAM_NOT_IN_PROGRESS' },
      );
      await expectRefusedUpload(
        () =>
          t.api.upload(
            LOCKED,
            { role: 'learner', id: 'learner-locked' },
            { name: 'early.pdf', type: 'application/pdf', content: randomBytes(64 * 1024) },
          ),
        { status: 409, code: 'EXAM_NOT_RELEASED' },
      );
    });

    it('an upload with an unknown multipart field is 400 VALIDATION_FAILED and stores nothing', async () => {
      const file = new Blob([randomBytes(1024)], { type: 'application/pdf' });
      await expectRefusedUpload(
        multipart(IN_PROGRESS, learner, [
          ['note', 'hello'],
          ['file', file, 'a.pdf'],
        ]),
        {
          status: 400,
          code: 'VALIDATION_FAILED',
          fields: ['note'],
        },
      );
      await expectRefusedUpload(multipart(IN_PROGRESS, learner, [['attachment', file, 'a.pdf']]), {
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['attachment'],
      });
    });

    it('an upload without a file part is 400 VALIDATION_FAILED', async () => {
      await expectRefusedUpload(multipart(IN_PROGRESS, learner, [['componentId', 'c1']]), {
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['file'],
      });
    });

    it('an upload sent as JSON instead of multipart is 415 UNSUPPORTED_MEDIA_TYPE', async () => {
      await expectRefusedUpload(() => t.api.post(`${exam(IN_PROGRESS)}/files`, learner, { file: 'JVBERi0xLjQ=', name: 'a.pdf' }), {
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
      });
    });

    it('a componentId that is not a component of the program is 400 VALIDATION_FAILED and stores nothing', async () => {
      await expectRefusedUpload(
        () => t.api.upload(IN_PROGRESS, learner, { name: 'x.pdf', type: 'application/pdf', content: randomBytes(4096) }, 'c99'),
        { status: 400, code: 'VALIDATION_FAILED', fields: ['componentId'] },
      );
      await expectRefusedUpload(
        () => t.api.upload(IN_PROGRESS, learner, { name: 'x.pdf', type: 'application/pdf', content: randomBytes(4096) }, '../../etc'),
        { status: 400, code: 'VALIDATION_FAILED', fields: ['componentId'] },
      );
    });
  });
});
