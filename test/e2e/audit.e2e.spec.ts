import { chainHash, EXPORT_CSV_COLUMNS, ExportVerifier, GENESIS_HASH } from '../../libs/audit/src';
import { RecordedEvent } from '../../libs/event-store/src';
import { Who } from '../support/api-client';
import { allAuditEvents, auditTrailCaughtUp, getText, institutionsOf, logEvents, parseCsv, parseNdjson } from '../support/audit';
import { examEvents } from '../support/event-log';
import { admin, assessor, coach, examBoard, learner, otherExamBoard } from '../support/people';
import { enroll, enrollAndStart } from '../support/scenario';
import { isolatedMongoUrl, startTestApp, TestApp } from '../support/test-app';

/**
 * Issue "The examination board must be able to reconstruct and trust everything that happened to
 * an exam": the audit API of CONTRACT.md over HTTP, on the embedded default.
 */
describe('the audit API', () => {
  let t: TestApp;
  const A = 'audit-a'; // inst-1, handed in, assessor assigned by the exam board
  const B = 'audit-b'; // inst-2
  const C = 'audit-c'; // inst-1, just registered

  beforeAll(async () => {
    t = await startTestApp();
    const { api } = t;
    await enrollAndStart(api, { examId: A });
    expect((await api.post(`/api/exams/${A}/hand-in`, learner)).status).toBe(200);
    expect((await api.post(`/api/exams/${A}/assessor`, examBoard, { assessorId: assessor.id })).status).toBe(200);
    await enroll(api, { examId: B, institutionId: 'inst-2', programId: 'prog-2', learnerId: 'learner-b' });
    await enroll(api, { examId: C, learnerId: 'learner-c' });
    await auditTrailCaughtUp(api, t.dataDir, admin);
  });
  afterAll(() => t.close());

  const get = (path: string, as: Who) => t.api.call('GET', path, { as });
  const withoutChain = ({ prevHash: _p, hash: _h, ...metadata }: RecordedEvent['metadata']) => metadata;

  describe('GET /api/audit/exams/:id', () => {
    it('answers the complete history from the event store, oldest first, with metadata and the hash chain', async () => {
      const stored = await examEvents(t.dataDir, A);
      const answer = await get(`/api/audit/exams/${A}`, examBoard);
      expect(answer.status).toBe(200);
      expect(answer.body.examId).toBe(A);
      const events = answer.body.events;
      expect(events.map((e: any) => e.type)).toEqual([
        'ExamRegistered',
        'XpAwarded',
        'SampleStarted',
        'SampleAssessed',
        'ExamReleased',
        'ExamStarted',
        'ExamFileUploaded',
        'ExamHandedIn',
        'AssessorAssigned',
      ]);
      expect(events.map((e: any) => e.revision)).toEqual(stored.map((_, i) => i));
      const positions = events.map((e: any) => Number(e.position));
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      expect(new Set(positions).size).toBe(positions.length);

      events.forEach((event: any, i: number) => {
        const s = stored[i];
        expect(event).toEqual({
          id: s.id,
          position: s.position,
          revision: s.revision,
          type: s.type,
          data: s.data,
          metadata: withoutChain(s.metadata),
          prevHash: s.metadata.prevHash,
          hash: s.metadata.hash,
        });
        expect(event.metadata).toEqual(
          expect.objectContaining({
            actorId: expect.any(String),
            actorRole: expect.any(String),
            occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
            correlationId: expect.any(String),
            causationId: expect.any(String),
          }),
        );
        // CONTRACT.md: hash = sha256(prevHash + canonicalJSON({type, data, metadata-without-hashes, revision})).
        expect(event.prevHash).toBe(i === 0 ? GENESIS_HASH : events[i - 1].hash);
        expect(event.hash).toBe(chainHash(event.prevHash, event));
      });
      expect(events[8].metadata).toMatchObject({ actorId: examBoard.id, actorRole: 'exam_board' });
      expect(events[7].metadata).toMatchObject({ actorId: learner.id, actorRole: 'learner' });
    });

    it('shows a command the moment it is answered (no read model in between)', async () => {
      const answer = await t.api.post(`/api/exams/${C}/xp`, admin, { amount: 5, source: 'right-now' });
      expect(answer.status).toBe(200);
      const history = await get(`/api/audit/exams/${C}`, examBoard);
      expect(history.body.events.at(-1)).toMatchObject({
        type: 'XpAwarded',
        position: answer.body.position,
        data: { source: 'right-now' },
      });
    });

    it('lets admins audit every institution; an exam_board of another institution, or of none, gets 404 like an unknown exam', async () => {
      expect((await get(`/api/audit/exams/${B}`, admin)).status).toBe(200);
      expect((await get(`/api/audit/exams/${B}`, otherExamBoard)).status).toBe(200);
      const boardWithoutInstitution: Who = { role: 'exam_board', id: 'board-none' };
      for (const path of [
        `/api/audit/exams/${A}`,
        `/api/audit/exams/${A}/verify`,
        `/api/audit/exams/${A}/state?asOf=2099-01-01T00:00:00Z`,
      ]) {
        for (const who of [otherExamBoard, boardWithoutInstitution]) {
          const answer = await get(path, who);
          expect({ path, who: who.id, status: answer.status, code: answer.body.code }).toEqual({
            path,
            who: who.id,
            status: 404,
            code: 'NOT_FOUND',
          });
        }
        const unknown = await get(path.replace(A, 'no-such-exam'), admin);
        expect([unknown.status, unknown.body.code]).toEqual([404, 'NOT_FOUND']);
      }
    });
  });

  describe('GET /api/audit/exams/:id/verify and /state', () => {
    it('reports an untouched chain as valid, with every revision checked', async () => {
      const stored = await examEvents(t.dataDir, A);
      expect((await get(`/api/audit/exams/${A}/verify`, examBoard)).body).toEqual({ valid: true, checked: stored.length });
      expect((await get(`/api/audit/exams/${B}/verify`, admin)).body).toEqual({ valid: true, checked: 1 });
    });

    it('answers the state at an instant in the GraphQL Exam shape; 400 for a bad asOf, 404 before registration', async () => {
      const stored = await examEvents(t.dataDir, A);
      const handedIn = stored.find((e) => e.type === 'ExamHandedIn')!;
      const answer = await get(`/api/audit/exams/${A}/state?asOf=${encodeURIComponent(handedIn.metadata.occurredAt)}`, examBoard);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        id: A,
        institutionId: 'inst-1',
        status: 'HANDED_IN',
        assessorId: null,
        revision: handedIn.revision,
        programTitle: 'Social Work, level 4',
        files: [expect.objectContaining({ name: 'case.pdf' })],
      });
      const before = new Date(Date.parse(stored[0].metadata.occurredAt) - 1).toISOString();
      expect((await get(`/api/audit/exams/${A}/state?asOf=${before}`, examBoard)).status).toBe(404);
      for (const bad of ['', '?asOf=yesterday', '?asOf=2026-13-45T00:00:00Z', '?asOf=2026-01-01T00:00:00Z&extra=1']) {
        const refused = await get(`/api/audit/exams/${A}/state${bad}`, examBoard);
        expect([bad, refused.status, refused.body.code]).toEqual([bad, 400, 'VALIDATION_FAILED']);
      }
    });
  });

  describe('who may audit', () => {
    const now = new Date().toISOString();
    const routes = [
      `/api/audit/exams/${A}`,
      `/api/audit/exams/${A}/verify`,
      `/api/audit/exams/${A}/state?asOf=${now}`,
      '/api/audit/events',
      '/api/audit/events?institutionId=inst-1',
      '/api/audit/export',
      '/api/audit/export?format=csv',
    ];

    it.each([learner, coach, assessor].map((who) => [who.role, who] as const))(
      'refuses a %s on every audit route (403), even for an exam in their scope',
      async (_role, who) => {
        for (const path of routes) {
          const answer = await get(path, who);
          expect({ path, status: answer.status, code: answer.body.code }).toEqual({ path, status: 403, code: 'FORBIDDEN' });
        }
      },
    );

    it('needs a token on every audit route (401)', async () => {
      for (const path of routes) expect((await t.api.call('GET', path)).status).toBe(401);
    });

    it("refuses an exam_board another institution's listing and export (403); an admin may name any", async () => {
      for (const path of ['/api/audit/events?institutionId=inst-2', '/api/audit/export?institutionId=inst-2']) {
        const answer = await get(path, examBoard);
        expect([path, answer.status, answer.body.code]).toEqual([path, 403, 'FORBIDDEN']);
        expect((await getText(t.api, path, admin)).status).toBe(200);
      }
    });
  });

  describe('GET /api/audit/events', () => {
    it("lists an exam_board's own institution by default: its exams' events and its policy, in log order", async () => {
      const log = await logEvents(t.dataDir);
      const institutionOf = institutionsOf(log);
      const items = await allAuditEvents(t.api, examBoard, '', 7);
      expect(items.map((i) => i.id)).toEqual(log.filter((e) => institutionOf(e) === 'inst-1').map((e) => e.id));
      const handIn = items.find((i) => i.type === 'ExamHandedIn');
      const stored = log.find((e) => e.id === handIn.id)!;
      expect(handIn).toEqual({
        id: stored.id,
        position: stored.position,
        stream: `exam-${A}`,
        revision: stored.revision,
        type: 'ExamHandedIn',
        examId: A,
        institutionId: 'inst-1',
        actorId: learner.id,
        actorRole: 'learner',
        occurredAt: stored.metadata.occurredAt,
        correlationId: stored.metadata.correlationId,
        causationId: stored.metadata.causationId,
        prevHash: stored.metadata.prevHash,
        hash: stored.metadata.hash,
      });
      expect(items.filter((i) => i.stream === 'institution-inst-1').length).toBeGreaterThan(0);
    });

    it('lists everything for an admin, or one institution when asked', async () => {
      const log = await logEvents(t.dataDir);
      const institutionOf = institutionsOf(log);
      expect((await allAuditEvents(t.api, admin)).map((i) => i.id)).toEqual(log.map((e) => e.id));
      const inst2 = await allAuditEvents(t.api, admin, '&institutionId=inst-2');
      expect(inst2.map((i) => i.id)).toEqual(log.filter((e) => institutionOf(e) === 'inst-2').map((e) => e.id));
      expect(inst2.map((i) => i.stream)).toEqual(expect.arrayContaining(['institution-inst-2', `exam-${B}`]));
    });

    it('filters by actor, by event type and by a time range [from, to), combined', async () => {
      const log = await logEvents(t.dataDir);
      const institutionOf = institutionsOf(log);
      const own = log.filter((e) => institutionOf(e) === 'inst-1');

      const byCoach = await allAuditEvents(t.api, examBoard, `&actorId=${coach.id}`);
      expect(byCoach.map((i) => i.id)).toEqual(own.filter((e) => e.metadata.actorId === coach.id).map((e) => e.id));
      expect(byCoach.length).toBeGreaterThanOrEqual(3);

      const registrations = await allAuditEvents(t.api, admin, '&type=ExamRegistered');
      expect(registrations.map((i) => i.examId)).toEqual([A, B, C]);

      const exam = own.filter((e) => e.stream === `exam-${A}`);
      const from = exam[2].metadata.occurredAt;
      const to = exam[6].metadata.occurredAt;
      const window = await allAuditEvents(t.api, admin, `&from=${from}&to=${to}`);
      const inWindow = (e: RecordedEvent) => e.metadata.occurredAt >= from && e.metadata.occurredAt < to;
      expect(window.map((i) => i.id)).toEqual(log.filter(inWindow).map((e) => e.id));
      expect(window.length).toBeGreaterThanOrEqual(4);

      const combined = await allAuditEvents(t.api, examBoard, `&actorId=${coach.id}&type=SampleStarted&from=${from}`);
      expect(combined.map((i) => i.id)).toEqual(
        own.filter((e) => e.metadata.actorId === coach.id && e.type === 'SampleStarted' && e.metadata.occurredAt >= from).map((e) => e.id),
      );
      expect((await allAuditEvents(t.api, examBoard, '&type=NoSuchEvent')).length).toBe(0);
    });

    it('pages with a cursor that stays stable while commands keep appending: no event twice, none skipped, log order', async () => {
      await auditTrailCaughtUp(t.api, t.dataDir, admin);
      const before = await allAuditEvents(t.api, admin);
      let appending = true;
      const appended = (async () => {
        for (let i = 0; i < 15; i++) {
          const answer = await t.api.post(`/api/learners/learner-concurrent/subscriptions`, admin, {
            validUntil: `2099-01-${10 + i}T00:00:00Z`,
          });
          expect(answer.status).toBe(200);
        }
        appending = false;
      })();

      const seen: any[] = [];
      let pages = 0;
      let after: string | null = null;
      do {
        const page = await get(`/api/audit/events?limit=3${after ? `&after=${after}` : ''}`, admin);
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.body.items);
        after = page.body.nextCursor;
        pages++;
      } while (after);
      await appended;
      expect(appending).toBe(false);
      expect(pages).toBeGreaterThan(before.length / 3);

      const ids = seen.map((i) => i.id);
      expect(new Set(ids).size).toBe(ids.length);
      const positions = seen.map((i) => Number(i.position));
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      expect(ids.slice(0, before.length)).toEqual(before.map((i) => i.id));
      // Once everything is projected, what a client paged through is exactly the start of the log.
      await auditTrailCaughtUp(t.api, t.dataDir, admin);
      const settled = await allAuditEvents(t.api, admin);
      expect(settled.map((i) => i.id)).toEqual((await logEvents(t.dataDir)).map((e) => e.id));
      expect(settled.slice(0, seen.length).map((i) => i.id)).toEqual(ids);
    });

    it('refuses a limit above 500, a bad cursor, a bad instant and unknown parameters (400 VALIDATION_FAILED)', async () => {
      expect((await get('/api/audit/events?limit=500', admin)).status).toBe(200);
      const limit = await get('/api/audit/events?limit=501', admin);
      expect(limit).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', details: { limit: expect.any(Array) } } });
      for (const query of [
        'limit=0',
        'limit=abc',
        'limit=2.5',
        'after=not%20a%20cursor',
        'after=AB',
        'from=soon',
        'to=2026-02-30T00:00:00Z',
        'color=red',
      ]) {
        const answer = await get(`/api/audit/events?${query}`, admin);
        expect([query, answer.status, answer.body.code]).toEqual([query, 400, 'VALIDATION_FAILED']);
      }
    });
  });

  describe('GET /api/audit/export', () => {
    const chainOf = (e: { metadata: object; prevHash: string | null; hash: string | null }) =>
      e.hash === null ? e.metadata : { ...e.metadata, prevHash: e.prevHash, hash: e.hash };

    it("streams an exam_board's own institution as NDJSON: every event with its hashes, in log order, verifiable on its own", async () => {
      const answer = await getText(t.api, '/api/audit/export', examBoard);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
      expect(answer.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-export-.*\.ndjson"$/);
      const lines = parseNdjson(answer.body);
      const log = await logEvents(t.dataDir);
      const institutionOf = institutionsOf(log);
      const expected = log.filter((e) => institutionOf(e) === 'inst-1');
      expect(lines.map((l) => l.position)).toEqual(expected.map((e) => e.position));
      lines.forEach((line, i) => {
        const stored = expected[i];
        expect(line).toMatchObject({ stream: stored.stream, revision: stored.revision, type: stored.type, data: stored.data });
        expect(chainOf(line)).toEqual(stored.metadata);
      });
      for (const text of answer.body.trimEnd().split('\n')) {
        expect(Object.keys(JSON.parse(text))).toEqual([
          'id',
          'position',
          'stream',
          'revision',
          'type',
          'data',
          'metadata',
          'prevHash',
          'hash',
        ]);
      }
      const verifier = new ExportVerifier();
      lines.forEach((line, i) => verifier.add(line, i + 1));
      const summary = verifier.summary();
      expect(summary.valid).toBe(true);
      expect(summary.streams.map((s) => s.stream).sort()).toEqual([`exam-${A}`, `exam-${C}`]);
    });

    it('exports the whole log for an admin; streams without a chain have null hashes', async () => {
      const answer = await getText(t.api, '/api/audit/export?format=ndjson', admin);
      const lines = parseNdjson(answer.body);
      const log = await logEvents(t.dataDir);
      expect(lines.map((l) => l.position)).toEqual(log.map((e) => e.position));
      const program = lines.find((l) => l.stream === 'program-prog-1')!;
      expect(program).toMatchObject({ type: 'ProgramDefined', prevHash: null, hash: null });
      expect(lines.filter((l) => l.stream.startsWith('exam-')).every((l) => /^[0-9a-f]{64}$/.test(l.hash!))).toBe(true);
    });

    it('exports a time range [from, to)', async () => {
      const log = await logEvents(t.dataDir);
      const from = log[5].metadata.occurredAt;
      const to = log[12].metadata.occurredAt;
      const answer = await getText(t.api, `/api/audit/export?from=${from}&to=${to}`, admin);
      const inWindow = log.filter((e) => e.metadata.occurredAt >= from && e.metadata.occurredAt < to);
      expect(parseNdjson(answer.body).map((l) => l.position)).toEqual(inWindow.map((e) => e.position));
      expect(inWindow.length).toBeGreaterThan(3);
    });

    it('streams CSV with the same events and hashes, quoted where needed', async () => {
      const ndjson = parseNdjson((await getText(t.api, '/api/audit/export', examBoard)).body);
      const answer = await getText(t.api, '/api/audit/export?format=csv', examBoard);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(answer.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-export-.*\.csv"$/);
      expect(answer.body.split('\r\n')[0]).toBe(EXPORT_CSV_COLUMNS.join(','));
      const { header, events } = parseCsv(answer.body);
      expect(header).toEqual([...EXPORT_CSV_COLUMNS]);
      expect(events).toEqual(ndjson);
      // JSON columns hold commas and quotes: quoted, quotes doubled.
      expect(answer.body).toContain(`"{""examId"":""${A}""`);
      const verifier = new ExportVerifier();
      events.forEach((e, i) => verifier.add(e, i + 2));
      expect(verifier.summary().valid).toBe(true);
    });

    it('refuses an unknown format or a bad instant (400)', async () => {
      for (const query of ['format=xml', 'from=never', 'limit=5']) {
        const answer = await get(`/api/audit/export?${query}`, admin);
        expect([query, answer.status, answer.body.code]).toEqual([query, 400, 'VALIDATION_FAILED']);
      }
    });
  });
});

// The listing and verify's cross-check read the audit read model: the same on MongoDB (FerretDB here).
const mongoUrl = process.env.MONGO_URL;
(mongoUrl ? describe : describe.skip)(`the audit read model on MongoDB${mongoUrl ? '' : ' (skipped: MONGO_URL is not set)'}`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ mongoUrl: isolatedMongoUrl(mongoUrl!, 'audit') });
    await enrollAndStart(t.api, { examId: 'mongo-a' });
    await enroll(t.api, { examId: 'mongo-b', institutionId: 'inst-2', learnerId: 'learner-mb' });
    await auditTrailCaughtUp(t.api, t.dataDir, admin);
  });
  afterAll(() => t.close());

  it('pages, filters and scopes the listing like the embedded store', async () => {
    const log = await logEvents(t.dataDir);
    expect((await allAuditEvents(t.api, admin, '', 2)).map((i) => i.id)).toEqual(log.map((e) => e.id));
    const institutionOf = institutionsOf(log);
    expect((await allAuditEvents(t.api, examBoard, '', 3)).map((i) => i.id)).toEqual(
      log.filter((e) => institutionOf(e) === 'inst-1').map((e) => e.id),
    );
    const from = log[4].metadata.occurredAt;
    const window = await allAuditEvents(t.api, admin, `&type=XpAwarded&from=${from}`);
    expect(window.map((i) => i.id)).toEqual(log.filter((e) => e.type === 'XpAwarded' && e.metadata.occurredAt >= from).map((e) => e.id));
  });

  it('verifies against the audit trail kept there', async () => {
    expect((await t.api.call('GET', '/api/audit/exams/mongo-a/verify', { as: examBoard })).body).toEqual({ valid: true, checked: 7 });
  });
});
