/**
 * Uploads a hostile client sends (issue 10): nothing stays on disk unless its event is written,
 * a video is a video by its bytes too, and an Idempotency-Key covers the bytes.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { logEvents } from '../support/audit';
import { learner } from '../support/people';
import { enrollAndStart } from '../support/scenario';
import { storedFiles } from '../support/stored-files';
import { startTestApp, TestApp } from '../support/test-app';

/** The first bytes of an MP4 (an ftyp box), then filler. */
const mp4 = (size: number) => {
  const bytes = Buffer.alloc(size);
  Buffer.from([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x6d, 0x70, 0x34, 0x32]).copy(bytes);
  return bytes;
};

describe('hostile uploads', () => {
  let t: TestApp;
  const EXAM = 'exam-u';
  beforeAll(async () => {
    t = await startTestApp({ withWorker: false });
    await enrollAndStart(t.api, { examId: EXAM });
  });
  afterAll(() => t.close());

  const uploads = async () => (await logEvents(t.dataDir)).filter((e) => e.type === 'ExamFileUploaded').length;

  /** Sends a multipart body built part by part (FormData keeps the order). */
  const send = (parts: [name: string, value: string | Blob, fileName?: string][], headers: Record<string, string> = {}) => {
    const form = new FormData();
    for (const [name, value, fileName] of parts) {
      if (typeof value === 'string') form.append(name, value);
      else form.append(name, value, fileName);
    }
    return t.api.call('POST', `/api/exams/${EXAM}/files`, { as: learner, rawBody: form, headers });
  };
  const pdf = (text: string) => new Blob([Buffer.from(`%PDF-1.4 ${text}`)], { type: 'application/pdf' });

  it.each([
    [
      'an unknown field after the file',
      [
        ['file', pdf('then an unknown field'), 'a.pdf'],
        ['colour', 'red'],
      ],
    ],
    [
      'a second file',
      [
        ['file', pdf('first of two'), 'a.pdf'],
        ['file', pdf('second of two'), 'b.pdf'],
      ],
    ],
    [
      'a componentId after the file that is not a component',
      [
        ['file', pdf('for no component'), 'a.pdf'],
        ['componentId', 'nope'],
      ],
    ],
  ] as const)('refused for %s: 400, and neither a blob nor an event stays', async (_, parts) => {
    const [blobs, events] = [storedFiles(t.dataDir), await uploads()];
    const answer = await send(parts.map((p) => [...p]));
    expect(answer).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(storedFiles(t.dataDir)).toEqual(blobs);
    expect(await uploads()).toBe(events);
    expect(readdirSync(join(t.dataDir, 'files', 'incoming'))).toEqual([]);
  });

  it('multipart/form-data without a boundary is 400, not a 500', async () => {
    const answer = await t.api.call('POST', `/api/exams/${EXAM}/files`, {
      as: learner,
      rawBody: 'x',
      headers: { 'content-type': 'multipart/form-data' },
    });
    expect(answer).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
  });

  it('a refusal never removes bytes another upload recorded (content addressing)', async () => {
    const kept = await send([['file', pdf('shared bytes'), 'kept.pdf']]);
    expect(kept.status).toBe(201);
    const refused = await send([
      ['file', pdf('shared bytes'), 'again.pdf'],
      ['colour', 'red'],
    ]);
    expect(refused.status).toBe(400);
    expect(storedFiles(t.dataDir).some((path) => path.endsWith(kept.body.sha256))).toBe(true);
  });

  it('an MP4 declared as application/pdf and named report.pdf is held to the 100 MB video limit', async () => {
    const blobs = storedFiles(t.dataDir);
    const answer = await send([['file', new Blob([mp4(104_857_601)], { type: 'application/pdf' }), 'report.pdf']]);
    expect(answer).toMatchObject({ status: 413, body: { code: 'FILE_TOO_LARGE' } });
    expect(storedFiles(t.dataDir)).toEqual(blobs);
  }, 30_000);

  it('a small MP4 declared as a PDF is recorded as the video it is', async () => {
    const answer = await send([['file', new Blob([mp4(2000)], { type: 'application/pdf' }), 'report.pdf']]);
    expect(answer).toMatchObject({ status: 201, body: { mediaType: 'video/mp4' } });
  });

  it('an Idempotency-Key reused with other bytes is 409 IDEMPOTENCY_KEY_REUSED; with the same bytes it answers the first upload', async () => {
    const key = { 'idempotency-key': '0b7f3b1e-3c1a-4c55-9a43-1f0c1f8e5a99' };
    const first = await send([['file', pdf('keyed one'), 'k.pdf']], key);
    expect(first.status).toBe(201);
    const blobs = storedFiles(t.dataDir);
    const same = await send([['file', pdf('keyed one'), 'k.pdf']], key);
    expect(same.body).toEqual(first.body);
    const other = await send([['file', pdf('keyed two: other bytes'), 'k.pdf']], key);
    expect(other).toMatchObject({ status: 409, body: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    expect(storedFiles(t.dataDir)).toEqual(blobs);
  });
});
