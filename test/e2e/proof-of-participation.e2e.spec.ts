/**
 * Issue 11, "the proof as a document people trust": over HTTP against the real server process, from
 * a passed exam to the PDF (text extracted with poppler's pdftotext, its QR code decoded from a
 * pdftoppm rendering), the public verification (JSON and page) and the signed Open Badges credential.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { logEvents } from '../support/audit';
import { until } from '../support/event-log';
import { admin, assessor, coach, examBoard, learner, otherLearner } from '../support/people';
import { enrollAndStart } from '../support/scenario';
import { startServerProcess, ServerProcess } from '../support/server-process';
import { startTestApp } from '../support/test-app';
import { Who } from '../support/api-client';

const UNICODE = 'Łódź – Programowanie (€ 450) 数据';
/** 130 characters: it must wrap, not run off the page. */
const TITLE = `${UNICODE}: advanced methods of social work practice in multicultural urban communities, level four, part one`;
const EXAM = 'exam-proof-walk';
const LEARNER_NAME = 'Zofia Łukasiewicz 王芳';
const INSTITUTION_NAME = 'Akademia Łódzka 数据学院';

const poppler = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
// CI installs poppler-utils (.ci/run): there a missing binary is a failure, not a skip.
const describeWithPoppler = poppler || process.env.CI ? describe : describe.skip;
if (!poppler) console.warn('proof-of-participation walk skipped: pdftotext/pdftoppm (poppler-utils) are not installed');

describeWithPoppler('the proof of participation anyone can verify (issue 11)', () => {
  let server: ServerProcess;
  let dataDir: string;
  let work: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'exam-proof-'));
    work = mkdtempSync(join(tmpdir(), 'exam-proof-pdf-'));
    server = await startServerProcess(dataDir);
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  const bytes = async (path: string, who: Who) => {
    const response = await fetch(server.api.baseUrl + path, { headers: { authorization: `Bearer ${await server.api.token(who)}` } });
    return { status: response.status, type: response.headers.get('content-type'), body: Buffer.from(await response.arrayBuffer()) };
  };

  it('walks from a passed exam to a PDF whose QR code and URL verify, and a credential that verifies against the JWKS', async () => {
    const api = server.api;
    const exam = `/api/exams/${EXAM}`;
    expect(TITLE).toHaveLength(130);
    await enrollAndStart(api, { examId: EXAM, programId: 'prog-unicode', programTitle: TITLE });
    // Profiles set: the learner's name and the institution's, in Polish and Chinese script.
    expect((await api.put(`/api/people/${learner.id}`, admin, { displayName: LEARNER_NAME, email: 'zofia@example.pl' })).status).toBe(200);
    const policy = { name: INSTITUTION_NAME, gradingScale: 'numeric', resitsAllowed: true, earlyReleaseAllowed: false };
    expect((await api.put('/api/institutions/inst-1/policy', admin, policy)).status).toBe(200);
    expect((await api.post(`${exam}/hand-in`, learner)).status).toBe(200);
    expect((await api.post(`${exam}/assessor`, admin, { assessorId: assessor.id })).status).toBe(200);
    expect((await api.post(`${exam}/assessment`, assessor, { grade: { numeric: 8.5 }, feedback: 'Convincing.' })).status).toBe(200);

    // Before the proof is issued there is no credential either.
    expect(await api.call('GET', `${exam}/proof-of-participation/credential`, { as: learner })).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND' },
    });
    expect((await api.post(`${exam}/proof-of-participation`, coach)).status).toBe(202);
    const pdf = await until(async () => {
      const answer = await bytes(`${exam}/proof-of-participation`, learner);
      return answer.status === 200 ? answer : undefined;
    }, 15_000);
    expect(pdf.type).toBe('application/pdf');

    // The text: the Unicode title whole (wrapped over lines), the grade, the verification URL; no id of a person.
    writeFileSync(join(work, 'proof.pdf'), pdf.body);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', join(work, 'proof.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain(UNICODE);
    expect(text.replace(/\s+/g, ' ')).toContain(TITLE);
    expect(text).toMatch(/8\.5 \(passed\)/);
    expect(text).toContain(LEARNER_NAME);
    expect(text).toContain(INSTITUTION_NAME);
    expect(text).not.toContain('(name not recorded)');
    expect(text).not.toContain(learner.id);
    expect(text).not.toContain('inst-1');
    // The URL from -raw text: the default mode drops a hyphen that ends a line and joins the next line
    // to it, so a code ending in '-' (1 in 64) read as its first 23 characters and the next line's first.
    const raw = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', join(work, 'proof.pdf'), '-'], { encoding: 'utf8' });
    const url = new RegExp(`${api.baseUrl.replace(/[.:/]/g, '\\$&')}/verify/([A-Za-z0-9_-]{24})(?![A-Za-z0-9_-])`).exec(raw);
    expect(url).not.toBeNull();
    const [verificationUrl, code] = url!;

    // Every embedded font: a subset of an embedded font (no system font is referenced).
    const fonts = execFileSync('pdffonts', [join(work, 'proof.pdf')], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .slice(2);
    expect(fonts.length).toBeGreaterThanOrEqual(2);
    for (const font of fonts) expect(font).toMatch(/^[A-Z]{6}\+NotoSans\S* .* yes yes yes /);

    // The QR code, decoded from the rendered page, is the verification URL.
    execFileSync('pdftoppm', ['-png', '-r', '150', '-singlefile', join(work, 'proof.pdf'), join(work, 'page')]);
    const png = PNG.sync.read(readFileSync(join(work, 'page.png')));
    expect(png.width).toBeGreaterThan(1000);
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(verificationUrl);

    // Anyone may check the code, without a token: valid, proved against the audit chain.
    const verified = await api.call('GET', `/api/verify/${code}`);
    expect(verified.status).toBe(200);
    // The hash as the event log itself has it (read from the SQLite file, not through the api).
    const published = (await logEvents(dataDir)).find((e) => e.stream === `exam-${EXAM}` && e.type === 'AssessmentPublished');
    expect(published?.metadata.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(verified.body).toEqual({
      valid: true,
      learnerName: LEARNER_NAME,
      programTitle: TITLE,
      institutionName: INSTITUTION_NAME,
      issuedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      grade: '8.5',
      examId: EXAM,
      attempt: 1,
      assessmentEventHash: published!.metadata.hash,
      chainValid: true,
    });
    const page = await fetch(verificationUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain(TITLE);
    expect(html).toContain('Genuine');
    expect(html).toContain(LEARNER_NAME);

    // Another code of the right shape, and text of any other shape: 404, never an error.
    const other = code.startsWith('A') ? `B${code.slice(1)}` : `A${code.slice(1)}`;
    for (const probe of [other, 'x', '..%2F..%2Fetc', '%3Cscript%3E', 'A'.repeat(300)]) {
      expect(await api.call('GET', `/api/verify/${probe}`)).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
      expect((await fetch(`${api.baseUrl}/verify/${probe}`)).status).toBe(404);
    }

    // The credential: a JWT verified from the published JWKS alone, shaped as an Open Badges 3.0 credential.
    const credential = await bytes(`${exam}/proof-of-participation/credential`, learner);
    expect(credential.status).toBe(200);
    expect(credential.type).toBe('application/vc+jwt');
    const jwt = credential.body.toString('utf8');
    expect(decodeProtectedHeader(jwt)).toMatchObject({ alg: 'EdDSA', typ: 'vc+jwt', kid: expect.any(String) });
    const jwks = createRemoteJWKSet(new URL(`${api.baseUrl}/.well-known/jwks.json`));
    const { payload } = await jwtVerify(jwt, jwks, { issuer: api.baseUrl, typ: 'vc+jwt' });
    expectOpenBadgeShape(payload);
    expect(payload).toMatchObject({
      id: verificationUrl,
      jti: verificationUrl,
      validFrom: verified.body.issuedAt,
      issuer: { id: api.baseUrl },
      credentialSubject: { achievement: { name: TITLE }, result: [{ type: ['Result'], value: '8.5' }] },
    });
    // A forged signature does not verify against the same keys.
    const [head, body, signature] = jwt.split('.');
    const forged = `${head}.${body}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    await expect(jwtVerify(forged, jwks)).rejects.toThrow();

    // The same scope as the PDF: the coach and the exam board may, another learner sees nothing.
    expect((await bytes(`${exam}/proof-of-participation/credential`, coach)).status).toBe(200);
    expect((await bytes(`${exam}/proof-of-participation/credential`, examBoard)).status).toBe(200);
    expect((await bytes(`${exam}/proof-of-participation/credential`, otherLearner)).status).toBe(404);

    // After the learner's erasure the proof is still genuine, for what it proves, but no longer says who.
    expect((await api.post(`/api/people/${learner.id}/erasure`, admin, { reason: 'GDPR request 2026-120' })).status).toBe(200);
    expect(await api.call('GET', `/api/verify/${code}`)).toMatchObject({
      status: 200,
      body: { valid: true, learnerName: null, institutionName: INSTITUTION_NAME, chainValid: true, grade: '8.5' },
    });
    expect((await (await fetch(verificationUrl)).text()).includes(LEARNER_NAME)).toBe(false);
    expect((await bytes(`${exam}/proof-of-participation`, learner)).status).toBe(410);
  }, 60_000);

  it('keeps its signing key across restarts: the JWKS is the same after one', async () => {
    const before = (await server.api.call('GET', '/.well-known/jwks.json')).body;
    await server.stop();
    server = await startServerProcess(dataDir);
    const after = (await server.api.call('GET', '/.well-known/jwks.json')).body;
    expect(before.keys).toHaveLength(1);
    expect(before.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', kid: expect.any(String) });
    expect(before.keys[0].d).toBeUndefined();
    expect(after).toEqual(before);
  }, 30_000);
});

describe('public verification is rate-limited like every route (by client address)', () => {
  it('answers 429 RATE_LIMITED with Retry-After past the limit', async () => {
    const t = await startTestApp({ withWorker: false, rateLimitPerMinute: 3 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await t.api.call('GET', '/api/verify/AAAAAAAAAAAAAAAAAAAAAAAA')).status);
      expect(statuses).toEqual([404, 404, 404]);
      const limited = await t.api.call('GET', '/verify/AAAAAAAAAAAAAAAAAAAAAAAA');
      expect(limited).toMatchObject({ status: 429, body: { code: 'RATE_LIMITED' } });
      expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    } finally {
      await t.close();
    }
  });
});

/**
 * The Open Badges 3.0 data model's required parts (OpenBadgeCredential, Profile, AchievementSubject,
 * Achievement, Criteria) on the VC Data Model 2.0 contexts.
 */
function expectOpenBadgeShape(credential: Record<string, unknown>) {
  expect(credential).toMatchObject({
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: expect.stringMatching(/^[a-z][a-z0-9+.-]*:/),
    type: expect.arrayContaining(['VerifiableCredential', 'OpenBadgeCredential']),
    name: expect.any(String),
    issuer: { id: expect.stringMatching(/^https?:\/\//), type: expect.arrayContaining(['Profile']) },
    validFrom: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/),
    credentialSubject: {
      type: expect.arrayContaining(['AchievementSubject']),
      achievement: {
        id: expect.stringMatching(/^[a-z][a-z0-9+.-]*:/),
        type: expect.arrayContaining(['Achievement']),
        name: expect.any(String),
        description: expect.any(String),
        criteria: { narrative: expect.any(String) },
      },
    },
  });
}
