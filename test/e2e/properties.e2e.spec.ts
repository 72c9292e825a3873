/**
 * Property-based tests (fast-check) over every command body, GraphQL document and multipart shape
 * (issue 10): whatever arrives, the answer is never a 5xx; a refusal is a contract error code in the
 * contract's body; and nothing (no event, no file) is written on any 4xx.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { COMMAND_ROLES } from '../../libs/exam-domain/src';
import { COMMAND_SLICES } from '../../apps/api/src/commands';
import { Answer, Who } from '../support/api-client';
import { logEvents } from '../support/audit';
import { graphql } from '../support/graphql';
import { admin, assessor, coach, examBoard, learner } from '../support/people';
import { enrollAndStart } from '../support/scenario';
import { storedFiles } from '../support/stored-files';
import { startTestApp, TestApp } from '../support/test-app';

const ROOT = join(__dirname, '..', '..');
const RUNS = 25;

/** Every stable code the contract and docs/domain.md name: a refusal must use one of them. */
const CODES = new Set(
  [readFileSync(join(ROOT, 'docs/contract/CONTRACT.md'), 'utf8'), readFileSync(join(ROOT, 'docs/domain.md'), 'utf8')]
    .flatMap((text) => [...text.matchAll(/\b[A-Z][A-Z]+(?:_[A-Z]+)+\b|\b(?:FORBIDDEN|CONFLICT)\b/g)])
    .map((m) => m[0]),
);

const PEOPLE: Record<string, Who> = { admin, learner, coach, assessor, exam_board: examBoard };
const EXAM = 'exam-prop';

describe('whatever a client sends', () => {
  let t: TestApp;
  let fileId: string;
  beforeAll(async () => {
    t = await startTestApp({ withWorker: false });
    ({ fileId } = await enrollAndStart(t.api, { examId: EXAM }));
    await t.api.post(`/api/exams/${EXAM}/assessor`, admin, { assessorId: assessor.id });
  });
  afterAll(() => t.close());

  /** What the server keeps: the log and the stored files. */
  const written = async () => ({ events: (await logEvents(t.dataDir)).length, files: storedFiles(t.dataDir) });

  async function expectContractAnswer(answer: Answer, before: Awaited<ReturnType<typeof written>>) {
    expect(answer.status).toBeLessThan(500);
    if (answer.status >= 400) {
      expect(answer.body).toMatchObject({ statusCode: answer.status, code: expect.any(String), message: expect.any(String) });
      expect(CODES).toContain(answer.body.code);
      expect(await written()).toEqual(before);
    }
  }

  const pathFor = (path: string) =>
    `/api/${path
      .replace('institutions/:id', 'institutions/inst-1')
      .replace('programs/:id', 'programs/prog-1')
      .replace('learners/:id', `learners/${learner.id}`)
      .replace(':id', EXAM)
      .replace(':fileId', fileId)
      .replace(':requestId', '6d1c6c3e-6f0b-4a34-9b9e-2b1d7c9b2f10')}`;

  /** Bodies a client could send: any JSON, objects with the DTO's own field names and junk values, and deep or odd shapes. */
  const bodies = fc.oneof(
    fc.jsonValue(),
    fc.dictionary(
      fc.constantFrom(
        'amount',
        'source',
        'url',
        'title',
        'outcome',
        'feedback',
        'grade',
        'reason',
        'note',
        'requestId',
        'validUntil',
        'early',
        'components',
        'gradingScale',
        'passMark',
        'examId',
        'learnerId',
        '__proto__',
        'constructor',
      ),
      fc.jsonValue(),
    ),
    fc.integer({ min: 1, max: 200 }).map((depth) => JSON.parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`)),
  );

  const commands = Object.values(COMMAND_SLICES).filter((slice) => slice.command !== 'UploadExamFile');

  it.each(commands.map((slice) => [`${slice.route.method} ${slice.route.path}`, slice] as const))(
    '%s: any JSON body is a contract answer, and a refusal writes nothing',
    async (_, slice) => {
      const who = PEOPLE[COMMAND_ROLES[slice.command][0]];
      await fc.assert(
        fc.asyncProperty(bodies, async (body) => {
          const before = await written();
          const answer = await t.api.call(slice.route.method, pathFor(slice.route.path), {
            as: who,
            rawBody: JSON.stringify(body),
            headers: { 'content-type': 'application/json' },
          });
          await expectContractAnswer(answer, before);
        }),
        { numRuns: RUNS },
      );
    },
  );

  it('any text sent as a body with any content type is a contract answer', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 300 }),
        fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/xml'),
        async (text, type) => {
          const before = await written();
          const answer = await t.api.call('POST', `/api/exams/${EXAM}/video-links`, {
            as: learner,
            rawBody: text,
            headers: { 'content-type': type },
          });
          await expectContractAnswer(answer, before);
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it('any GraphQL document and variables answer 200 or 400, never a 5xx', async () => {
    const documents = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc
        .constantFrom('{ exam(id: $id) { id status } }', 'query($id: ID!) { exam(id: $id) { id canHandIn } }', '{ myExams { id } }')
        .map((q) => q),
    );
    await fc.assert(
      fc.asyncProperty(documents, fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue()), async (query, variables) => {
        const answer = await graphql(t.api, learner, query, variables);
        expect([200, 400]).toContain(answer.status);
      }),
      { numRuns: RUNS * 4 },
    );
  });

  it('any multipart shape on an upload is a contract answer, and a refusal stores nothing', async () => {
    const part = fc.record({
      name: fc.oneof(fc.constantFrom('file', 'componentId', 'c1'), fc.string({ maxLength: 10 })),
      file: fc.boolean(),
      value: fc.oneof(fc.constantFrom('c1', 'c2', 'nope', '../x', ''), fc.string({ maxLength: 50 })),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(part, { maxLength: 4 }), async (parts) => {
        const form = new FormData();
        for (const p of parts) {
          if (p.file)
            form.append(p.name, new Blob([Buffer.from(`%PDF-1.4 ${p.value}`)], { type: 'application/pdf' }), `${p.value || 'x'}.pdf`);
          else form.append(p.name, p.value);
        }
        const before = await written();
        const answer = await t.api.call('POST', `/api/exams/${EXAM}/files`, { as: learner, rawBody: form });
        await expectContractAnswer(answer, before);
      }),
      { numRuns: RUNS * 2 },
    );
  });
});
