import { ExamEvent } from '@exam/domain';
import { RecordedEvent } from '@exam/event-store';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IssuerKey } from './issuer-key';
import { runsByScript } from './proof-fonts';
import { gradeText, ofAttempt, proofRecordIn, withCode } from './proof-record';
import { isVerificationCode, newVerificationCode, verificationUrl } from './verification-code';

let revision = 0;
const recorded = (event: ExamEvent, hash = `hash-${revision}`): RecordedEvent<ExamEvent> => ({
  ...event,
  id: `e-${revision}`,
  stream: 'exam-x',
  revision: revision++,
  position: String(revision),
  recordedAt: '2025-01-01T00:00:00Z',
  metadata: {
    actorId: 'a',
    actorRole: 'admin',
    occurredAt: '2025-01-01T00:00:00Z',
    correlationId: 'c',
    causationId: 'c',
    schemaVersion: 1,
    hash,
  },
});
const at = '2025-06-14T10:00:00.000Z';
const registered = recorded({
  type: 'ExamRegistered',
  data: { examId: 'x', learnerId: 'l', programId: 'p', institutionId: 'i', coachId: 'c', registeredAt: at },
});
const published = (attempt: number, numeric: number, passed: boolean, hash: string) =>
  recorded(
    {
      type: 'AssessmentPublished',
      data: { examId: 'x', attempt, gradingScale: 'numeric', grade: { numeric }, passed, feedback: '', publishedAt: at },
    },
    hash,
  );
const issued = (attempt: number, verificationCode?: string) =>
  recorded({
    type: 'ProofOfParticipationIssued',
    data: { examId: 'x', attempt, issuedAt: at, ...(verificationCode ? { verificationCode } : {}) },
  });

describe('the proof record, read from the exam stream', () => {
  const code = newVerificationCode();
  const events = [
    registered,
    published(1, 4, false, 'h-fail'),
    published(2, 6, true, 'h-first'),
    published(2, 7.5, true, 'h-again'),
    issued(2, code),
  ];

  it('rests on the last assessment of its attempt before it, and carries that event hash', () => {
    expect(proofRecordIn(events, withCode(code))).toEqual({
      examId: 'x',
      attempt: 2,
      issuedAt: at,
      verificationCode: code,
      learnerId: 'l',
      programId: 'p',
      institutionId: 'i',
      grade: { numeric: 7.5 },
      passed: true,
      assessmentEventHash: 'h-again',
    });
    expect(proofRecordIn(events, ofAttempt(2))?.verificationCode).toBe(code);
  });

  it('is absent for another code, another attempt, and a proof without its assessment', () => {
    expect(proofRecordIn(events, withCode(newVerificationCode()))).toBeUndefined();
    expect(proofRecordIn(events, ofAttempt(1))).toBeUndefined();
    expect(proofRecordIn([registered, issued(1, code)], withCode(code))).toBeUndefined();
  });

  it('reads a proof issued before codes existed (no code, found by attempt)', () => {
    const record = proofRecordIn([registered, published(1, 8, true, 'h'), issued(1)], ofAttempt(1));
    expect(record).toMatchObject({ attempt: 1, assessmentEventHash: 'h' });
    expect(record).not.toHaveProperty('verificationCode');
  });

  it('shows a numeric grade with one decimal, a rating as its word', () => {
    expect([gradeText({ numeric: 8 }), gradeText({ numeric: 7.25 }), gradeText({ rating: 'GOOD' })]).toEqual(['8.0', '7.3', 'GOOD']);
  });
});

describe('verification codes', () => {
  it('are 144 random bits in 24 URL-safe characters, never repeated', () => {
    const codes = Array.from({ length: 2000 }, newVerificationCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(isVerificationCode(code)).toBe(true);
    expect(Buffer.from(codes[0], 'base64url')).toHaveLength(18);
  });

  it('refuse every other shape', () => {
    for (const text of ['', 'x', 'A'.repeat(23), 'A'.repeat(25), `${'A'.repeat(23)}=`, `${'A'.repeat(23)}/`, `../${'A'.repeat(21)}`]) {
      expect(isVerificationCode(text)).toBe(false);
    }
  });

  it('make the public URL under PUBLIC_BASE_URL, with or without its trailing slash', () => {
    expect(verificationUrl('https://exams.example.org/', 'abc')).toBe('https://exams.example.org/verify/abc');
    expect(verificationUrl('http://127.0.0.1:3000', 'abc')).toBe('http://127.0.0.1:3000/verify/abc');
  });
});

describe('text runs by script (Noto Sans for Latin, Noto Sans SC for Han)', () => {
  it('splits Polish and Chinese into runs of one font each, losing nothing', () => {
    const text = 'Łódź – Programowanie (€ 450) 数据 i 北京';
    const runs = runsByScript(text, false);
    expect(runs).toEqual([
      { text: 'Łódź – Programowanie (€ 450) ', face: 'text' },
      { text: '数据', face: 'cjk' },
      { text: ' i ', face: 'text' },
      { text: '北京', face: 'cjk' },
    ]);
    expect(runsByScript(text, true).map((r) => r.face)).toEqual(['text-bold', 'cjk-bold', 'text-bold', 'cjk-bold']);
  });
});

describe('the issuer key', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'issuer-key-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is generated once (owner-only file), then the same key is loaded, also by processes starting at once', async () => {
    const file = join(dir, 'keys', 'issuer.jwk.json');
    const messages: string[] = [];
    const [a, b] = await Promise.all([IssuerKey.load(file, (m) => messages.push(m)), IssuerKey.load(file, (m) => messages.push(m))]);
    expect(messages).toHaveLength(1);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = await IssuerKey.load(file);
    expect([b.publicJwk, again.publicJwk]).toEqual([a.publicJwk, a.publicJwk]);
    expect(a.jwks().keys[0]).not.toHaveProperty('d');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toHaveProperty('d');
  });

  it('refuses a file that is not an Ed25519 private JWK, naming the file', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, 'not json');
    await expect(IssuerKey.load(file)).rejects.toThrow(`ISSUER_KEY_FILE ${file}: not a JSON Web Key`);
    writeFileSync(file, JSON.stringify({ kty: 'RSA', n: 'x', e: 'AQAB' }));
    await expect(IssuerKey.load(file)).rejects.toThrow(/not an Ed25519 private key/);
  });
});
