/**
 * Issue 11, "People, privacy": names wherever people read, and an erasure that makes them
 * unreadable everywhere while every exam's audit chain still verifies. Proved on the bytes: after
 * the erasure no file under DATA_DIR holds the name or the e-mail, in any encoding we wrote.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StreamWriter } from '../../libs/exam-application/src';
import { personDecider } from '../../libs/exam-domain/src';
import { personStream, SqliteEventStore } from '../../libs/event-store/src';
import { PersonalDataVault } from '../../libs/personal-data/src';
import { PEOPLE, PersonDocument } from '../../libs/projections/src';
import { SqliteReadModelStore } from '../../libs/read-models/src';
import { until } from '../support/event-log';
import { graphql } from '../support/graphql';
import { admin, assessor, coach, examBoard, learner, otherLearner } from '../support/people';
import { rebuildAll } from '../support/read-model-snapshot';
import { enrollAndStart } from '../support/scenario';
import { filesUnder, storedFiles } from '../support/stored-files';
import { startTestApp, TestApp } from '../support/test-app';

const NAME = 'Łucja Wąsowska-数据';
const EMAIL = 'lucja.wasowska@example.pl';
const INSTITUTION = 'Uniwersytet Łódzki';
const EXAM = 'exam-privacy';
const OTHERS_EXAM = 'exam-privacy-other';
const SHARED_BYTES = Buffer.from('%PDF-1.4 case'); // what enrollAndStart uploads for every learner
const OWN_BYTES = Buffer.from('%PDF-1.4 only Łucja wrote this essay');
const BRAMS_BYTES = Buffer.from('%PDF-1.4 Bram on his own');

/** The files holding any of these texts (UTF-8, UTF-16LE, or JSON-escaped as SQLite's JSON may store them). */
function filesHolding(dir: string, texts: string[]): string[] {
  const needles = texts.flatMap((text) => [
    Buffer.from(text, 'utf8'),
    Buffer.from(text, 'utf16le'),
    Buffer.from(
      JSON.stringify(text)
        .slice(1, -1)
        .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    ),
  ]);
  return filesUnder(dir).filter((file) => {
    const bytes = readFileSync(file);
    return needles.some((needle) => bytes.includes(needle));
  });
}

const personQuery = `query($id: ID!) { exam(id: $id) {
  learner { id displayName erased } coach { id displayName erased } assessor { id displayName erased } institutionName } }`;

describe('people and the erasure of their personal data', () => {
  let t: TestApp;
  let ownFileId: string;
  let sharedFileId: string;
  let othersFileId: string;
  let lastPosition: string;

  beforeAll(async () => {
    t = await startTestApp({ withWorker: true });
    ({ fileId: sharedFileId } = await enrollAndStart(t.api, { examId: EXAM }));
    ({ fileId: othersFileId } = await enrollAndStart(t.api, { examId: OTHERS_EXAM, learnerId: otherLearner.id }));
    const own = await t.api.upload(EXAM, learner, { name: 'essay.pdf', type: 'application/pdf', content: OWN_BYTES });
    expect(own.status).toBe(201);
    ownFileId = own.body.fileId;
  });
  afterAll(() => t.close());

  it('shows the names an admin set, in any script, on the exam (GraphQL)', async () => {
    expect((await t.api.put(`/api/people/${learner.id}`, admin, { displayName: NAME, email: EMAIL })).status).toBe(200);
    expect((await t.api.put(`/api/people/${coach.id}`, admin, { displayName: 'Carla de Vries' })).status).toBe(200);
    const policy = await t.api.put('/api/institutions/inst-1/policy', admin, {
      name: INSTITUTION,
      gradingScale: 'numeric',
      resitsAllowed: true,
      earlyReleaseAllowed: false,
    });
    expect(policy.status).toBe(200);
    const answer = await graphql(t.api, learner, personQuery, { id: EXAM }, policy.body.position);
    expect(answer.body.data.exam).toEqual({
      learner: { id: learner.id, displayName: NAME, erased: false },
      coach: { id: coach.id, displayName: 'Carla de Vries', erased: false },
      assessor: null,
      institutionName: INSTITUTION,
    });
  });

  it('refuses a profile that is not one: no name, an e-mail that is not one, unknown fields', async () => {
    for (const body of [{}, { displayName: '' }, { displayName: 'A', email: 'not-an-email' }, { displayName: 'A', nickname: 'x' }]) {
      const answer = await t.api.put(`/api/people/${learner.id}`, admin, body);
      expect({ body, status: answer.status, code: answer.body.code }).toEqual({ body, status: 400, code: 'VALIDATION_FAILED' });
    }
    expect((await t.api.put(`/api/people/${learner.id}`, coach, { displayName: 'x' })).status).toBe(403);
  });

  it('keeps the name out of the log and the read models in the clear, even before any erasure', () => {
    expect(filesHolding(t.dataDir, [NAME, EMAIL])).toEqual([]);
  });

  it('a person without a profile reads as no name, not erased', async () => {
    expect((await t.api.post(`/api/exams/${EXAM}/assessor`, examBoard, { assessorId: assessor.id })).status).toBe(200);
    const answer = await until(async () => {
      const a = await graphql(t.api, learner, personQuery, { id: EXAM });
      return a.body.data.exam.assessor ? a : undefined;
    });
    expect(answer.body.data.exam.assessor).toEqual({ id: assessor.id, displayName: null, erased: false });
  });

  it('passes the exam and renders the proof (what erasure must destroy)', async () => {
    const exam = `/api/exams/${EXAM}`;
    const handIn = await t.api.post(`${exam}/hand-in`, learner);
    expect(handIn.status).toBe(200);
    const notes = await graphql(t.api, coach, '{ notifications { type message } }', {}, handIn.body.position);
    expect(notes.body.data.notifications).toContainEqual({ type: 'ExamHandedIn', message: `${NAME} handed in an exam.` });
    expect((await t.api.post(`${exam}/assessment`, assessor, { grade: { numeric: 8 }, feedback: 'Clear.' })).status).toBe(200);
    expect((await t.api.post(`${exam}/proof-of-participation`, coach)).status).toBe(202);
    await until(async () =>
      (await t.api.call('GET', `${exam}/proof-of-participation`, { as: learner })).status === 200 ? true : undefined,
    );
    expect(filesUnder(join(t.dataDir, 'proofs')).length).toBe(1);
  });

  it('erases the learner: names unreadable, their own files 410, shared bytes kept for the other learner, proofs gone', async () => {
    const erasure = await t.api.post(`/api/people/${learner.id}/erasure`, admin, { reason: 'GDPR request 2026-118' });
    expect(erasure.status).toBe(200);
    lastPosition = erasure.body.position;

    const answer = await graphql(t.api, coach, personQuery, { id: EXAM }, lastPosition);
    expect(answer.body.data.exam.learner).toEqual({ id: learner.id, displayName: null, erased: true });
    expect(answer.body.data.exam.coach.displayName).toBe('Carla de Vries');

    for (const fileId of [ownFileId, sharedFileId]) {
      const download = await t.api.call('GET', `/api/exams/${EXAM}/files/${fileId}`, { as: coach });
      expect({ fileId, status: download.status, code: download.body.code }).toEqual({ fileId, status: 410, code: 'ERASED' });
    }
    const notes = await graphql(t.api, coach, '{ notifications { type message } }');
    expect(notes.body.data.notifications).toContainEqual({ type: 'ExamHandedIn', message: 'A learner handed in an exam.' });
    expect(JSON.stringify(notes.body)).not.toContain('Wąsowska');

    const proof = await t.api.call('GET', `/api/exams/${EXAM}/proof-of-participation`, { as: coach });
    expect(proof.status).toBe(410);
    const others = await t.api.call('GET', `/api/exams/${OTHERS_EXAM}/files/${othersFileId}`, { as: otherLearner });
    expect(others.status).toBe(200);
    expect(others.body).toBe(SHARED_BYTES.toString());

    const blobs = storedFiles(t.dataDir).map((path) => readFileSync(path));
    expect(blobs.some((bytes) => bytes.equals(OWN_BYTES))).toBe(false);
    expect(blobs.some((bytes) => bytes.equals(SHARED_BYTES))).toBe(true);
    expect(filesUnder(join(t.dataDir, 'proofs'))).toEqual([]);
  });

  it('leaves every exam chain valid and the history complete', async () => {
    for (const examId of [EXAM, OTHERS_EXAM]) {
      const verify = await t.api.call('GET', `/api/audit/exams/${examId}/verify`, { as: admin });
      expect(verify.body).toMatchObject({ valid: true });
    }
    const history = await t.api.call('GET', `/api/audit/exams/${EXAM}`, { as: examBoard });
    expect(history.body.events.map((e: { type: string }) => e.type)).toContain('AssessmentPublished');
    const exported = await t.api.call('GET', '/api/audit/export?institutionId=inst-1&format=ndjson', { as: admin });
    expect(exported.status).toBe(200);
    expect(exported.body).toContain('AssessmentPublished');
    expect(exported.body).not.toContain('Wąsowska');
    expect(JSON.stringify(history.body)).not.toContain('Wąsowska');
    expect(history.body.people).toMatchObject({
      [learner.id]: { displayName: null, erased: true },
      [coach.id]: { displayName: 'Carla de Vries', erased: false },
      [admin.id]: { displayName: null, erased: false },
    });
  });

  it('leaves no byte of the name or e-mail anywhere under DATA_DIR', () => {
    expect(filesHolding(t.dataDir, [NAME, EMAIL, 'Wąsowska', 'lucja.wasowska'])).toEqual([]);
  });

  it('is final: no new profile, and a second erasure records nothing', async () => {
    const again = await t.api.put(`/api/people/${learner.id}`, admin, { displayName: NAME });
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'PERSON_ERASED' });
    const second = await t.api.post(`/api/people/${learner.id}/erasure`, admin, { reason: 'again' });
    expect(second.status).toBe(200);
    expect(second.body.revision).toBe(1); // profile set, erased: nothing after
  });

  it('finishes an erasure the command never completed (a crash right after the event): the job does it', async () => {
    const bram = `/api/exams/${OTHERS_EXAM}`;
    const own = await t.api.upload(OTHERS_EXAM, otherLearner, { name: 'b.pdf', type: 'application/pdf', content: BRAMS_BYTES });
    expect(own.status).toBe(201);
    expect((await t.api.put(`/api/people/${otherLearner.id}`, admin, { displayName: 'Bram Ørsted' })).status).toBe(200);
    // Only the event, as if the process died before the slice destroyed anything.
    const envelope = {
      actor: { id: admin.id, role: 'admin' as const },
      now: new Date().toISOString(),
      correlationId: 'c',
      causationId: 'c',
    };
    const command = { type: 'ErasePersonalData' as const, personId: otherLearner.id, reason: 'crash test' };
    await t.app.get(StreamWriter).handle(personDecider, personStream(otherLearner.id), command, envelope);

    await until(async () => (storedFiles(t.dataDir).some((path) => readFileSync(path).equals(BRAMS_BYTES)) ? undefined : true));
    expect(await t.app.get(PersonalDataVault).isErased(otherLearner.id)).toBe(true);
    // Both learners who uploaded the shared bytes are erased now: nobody is left to keep them for.
    expect(storedFiles(t.dataDir).some((path) => readFileSync(path).equals(SHARED_BYTES))).toBe(false);
    expect((await t.api.call('GET', `${bram}/files/${othersFileId}`, { as: otherLearner })).status).toBe(410);
    expect(filesHolding(t.dataDir, ['Bram Ørsted'])).toEqual([]);
  });

  it('a rebuild of every projection from the log still shows the person as erased, and holds no name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rebuilt-'));
    const events = await SqliteEventStore.open(join(t.dataDir, 'events.sqlite'));
    const rebuilt = new SqliteReadModelStore(join(dir, 'read-models.sqlite'));
    try {
      await rebuildAll(events, rebuilt);
      expect(await rebuilt.collection<PersonDocument>(PEOPLE).get(learner.id)).toMatchObject({ erased: true, profile: null });
      expect(await rebuilt.collection<PersonDocument>(PEOPLE).get(coach.id)).toMatchObject({ erased: false });
    } finally {
      await Promise.all([events.close(), rebuilt.close()]);
    }
    expect(filesHolding(dir, [NAME, EMAIL])).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });
});
