/**
 * The authorization matrix (issue 10), generated from the app's own route table (the served OpenAPI
 * document) and GraphQL schema: every route and query × every role × (in scope / out of scope /
 * no token / expired / junk token). A route or query without a row here fails the suite.
 */
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { openApiDocument } from '../../apps/api/src/app';
import { COMMAND_SLICES } from '../../apps/api/src/commands';
import { COMMAND_ROLES, CommandType, Role, ROLES } from '../../libs/exam-domain/src';
import { Who } from '../support/api-client';
import { graphql } from '../support/graphql';
import { admin, assessor, coach, examBoard, learner, otherAssessor, otherCoach, otherExamBoard, otherLearner } from '../support/people';
import { enrollAndStart } from '../support/scenario';
import { startTestApp, TestApp } from '../support/test-app';

const EXAM = 'exam-matrix';
const REQUEST_ID = '6d1c6c3e-6f0b-4a34-9b9e-2b1d7c9b2f10';

/** Who is in and out of scope of EXAM, per role (an admin is in scope of everything). */
const IN_SCOPE: Record<Role, Who> = { learner, coach, assessor, exam_board: examBoard, admin };
const OUT_OF_SCOPE: Partial<Record<Role, Who>> = {
  learner: otherLearner,
  coach: otherCoach,
  assessor: otherAssessor,
  exam_board: otherExamBoard,
};

/** A valid body per command, so that scope (not validation) decides an out-of-scope call. */
const BODIES: Record<CommandType, unknown> = {
  SetInstitutionPolicy: { gradingScale: 'numeric', resitsAllowed: true, earlyReleaseAllowed: false },
  DefineProgram: {
    title: 'P',
    xpRequired: 0,
    hasNextPart: true,
    components: [{ id: 'c1', title: 'c', instructions: 'i', indicativeMinutes: 1 }],
  },
  RegisterExam: { examId: EXAM, learnerId: learner.id, programId: 'prog-1', institutionId: 'inst-1', coachId: coach.id },
  AwardXp: { amount: 1, source: 'matrix' },
  AssignAssessor: { assessorId: assessor.id },
  StartSample: {},
  AssessSample: { outcome: 'approved', feedback: [] },
  ViewSampleFeedback: {},
  ReleaseExam: {},
  StartExam: {},
  UploadExamFile: undefined,
  RemoveExamFile: undefined,
  AddVideoLink: { url: 'https://v.example/m', title: 'v' },
  HandInExam: {},
  InviteToNextPart: { partTitle: 'Part 2' },
  PublishAssessment: { grade: { numeric: 7 }, feedback: 'ok' },
  RequestReopen: { reason: 'missing_file', note: 'n' },
  ReopenExam: { reason: 'missing_file', note: 'n' },
  DeclineReopenRequest: { note: 'n' },
  IssueProofOfParticipation: {},
  StartSubscription: { validUntil: '2099-01-01T00:00:00Z' },
  StartFreeTrial: {},
  SetPersonProfile: { displayName: 'Matrix Person' },
  ErasePersonalData: { reason: 'matrix' },
};

/** How a route limits who may use it: its roles, and what an out-of-scope caller of an allowed role gets. */
interface Row {
  roles: readonly Role[] | 'public';
  /** The status for an allowed role out of scope; undefined where the route has no scope (admin configuration). */
  outOfScope?: 403 | 404;
}

const READ_ROWS: Record<string, Row> = {
  'GET /health/live': { roles: 'public' },
  'GET /health/ready': { roles: 'public' },
  'GET /api/exams/{id}/proof-of-participation': { roles: ['learner', 'coach', 'exam_board'], outOfScope: 404 },
  'GET /api/exams/{id}/proof-of-participation/credential': { roles: ['learner', 'coach', 'exam_board'], outOfScope: 404 },
  'GET /api/verify/{code}': { roles: 'public' },
  'GET /verify/{code}': { roles: 'public' },
  'GET /.well-known/jwks.json': { roles: 'public' },
  'GET /api/exams/{id}/files/{fileId}': { roles: ROLES, outOfScope: 404 },
  'GET /api/audit/events': { roles: ['exam_board', 'admin'] },
  'GET /api/audit/exams/{id}': { roles: ['exam_board', 'admin'], outOfScope: 404 },
  'GET /api/audit/export': { roles: ['exam_board', 'admin'] },
  'GET /api/audit/exams/{id}/state': { roles: ['exam_board', 'admin'], outOfScope: 404 },
  'GET /api/audit/exams/{id}/verify': { roles: ['exam_board', 'admin'], outOfScope: 404 },
};

/** Command routes take their roles from the domain's table; the exam's scope is 403 (CONTRACT.md FORBIDDEN). */
function commandRow(command: CommandType, path: string): Row {
  const scoped = path.includes('exams/:id') || path.startsWith('learners/');
  return { roles: COMMAND_ROLES[command], ...(scoped ? { outOfScope: 403 } : {}) };
}

/** GraphQL queries: what an in-scope and an out-of-scope caller see (reads never say 403: out of scope is null or empty). */
const QUERY_ROWS: Record<string, { query: string; outOfScope: (data: Record<string, unknown>) => boolean }> = {
  exam: { query: `{ exam(id: "${EXAM}") { id } }`, outOfScope: (d) => d.exam === null },
  myExams: {
    query: '{ myExams { id } }',
    outOfScope: (d) => Array.isArray(d.myExams) && !d.myExams.some((e: { id: string }) => e.id === EXAM),
  },
  coachQueue: {
    query: '{ coachQueue { id } }',
    outOfScope: (d) => Array.isArray(d.coachQueue) && !d.coachQueue.some((e: { id: string }) => e.id === EXAM),
  },
  assessorQueue: {
    query: '{ assessorQueue { id } }',
    outOfScope: (d) => Array.isArray(d.assessorQueue) && !d.assessorQueue.some((e: { id: string }) => e.id === EXAM),
  },
  myAccess: { query: '{ myAccess { active } }', outOfScope: (d) => d.myAccess !== undefined },
  notifications: {
    query: '{ notifications { examId } }',
    outOfScope: (d) => Array.isArray(d.notifications) && !d.notifications.some((n: { examId: string }) => n.examId === EXAM),
  },
  reopenRequests: {
    query: '{ reopenRequests { examId } }',
    outOfScope: (d) => Array.isArray(d.reopenRequests) && !d.reopenRequests.some((r: { examId: string }) => r.examId === EXAM),
  },
};

describe('the authorization matrix', () => {
  let t: TestApp;
  let fileId: string;
  const rows = new Map<string, Row & { command?: CommandType }>();

  beforeAll(async () => {
    t = await startTestApp({ withWorker: true });
    ({ fileId } = await enrollAndStart(t.api, { examId: EXAM }));
    await t.api.post(`/api/exams/${EXAM}/assessor`, admin, { assessorId: assessor.id });
    for (const [key, row] of Object.entries(READ_ROWS)) rows.set(key, row);
    for (const slice of Object.values(COMMAND_SLICES)) {
      const key = `${slice.route.method} /api/${slice.route.path.replace(/:(\w+)/g, '{$1}')}`;
      rows.set(key, { ...commandRow(slice.command, slice.route.path), command: slice.command });
    }
  });
  afterAll(() => t.close());

  it('has a row for every route the app serves and every GraphQL query', () => {
    const served = Object.entries(openApiDocument(t.app).paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(served.filter((route) => !rows.has(route))).toEqual([]);
    expect([...rows.keys()].filter((route) => !served.includes(route))).toEqual([]);
    const queries = Object.keys(t.app.get(GraphQLSchemaHost).schema.getQueryType()!.getFields());
    expect(queries.filter((q) => !(q in QUERY_ROWS)).sort()).toEqual([]);
  });

  const concrete = (route: string) =>
    route
      .replace('/institutions/{id}', '/institutions/inst-1')
      .replace('/programs/{id}', '/programs/prog-1')
      .replace('/learners/{id}', `/learners/${learner.id}`)
      .replace('/people/{id}/erasure', '/people/matrix-erased/erasure') // never the person whose profile is set
      .replace('/people/{id}', '/people/matrix-person')
      .replace('{id}', EXAM)
      .replace('{fileId}', () => fileId)
      .replace('{requestId}', REQUEST_ID)
      .replace(/\/state$/, '/state?asOf=2099-01-01T00:00:00Z');

  async function call(route: string, row: { command?: CommandType }, auth: string | undefined) {
    const [method, path] = route.split(' ');
    const url = concrete(path);
    if (row.command === 'UploadExamFile') {
      const form = new FormData();
      form.append('file', new Blob([Buffer.from('%PDF-1.4 matrix')], { type: 'application/pdf' }), 'm.pdf');
      return t.api.call(method, url, { rawBody: form, headers: auth ? { authorization: auth } : {} });
    }
    const body = row.command ? BODIES[row.command] : undefined;
    const headers: Record<string, string> = {
      ...(auth ? { authorization: auth } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    };
    return t.api.call(method, url, { headers, ...(body !== undefined ? { rawBody: JSON.stringify(body) } : {}) });
  }

  it('answers 401 on every non-public route without a token, with an expired one and with junk', async () => {
    const cells: string[] = [];
    for (const [route, row] of rows) {
      if (row.roles === 'public') continue;
      const expired = `Bearer ${await t.api.token(admin, -120)}`;
      for (const [label, auth] of [
        ['no token', undefined],
        ['expired', expired],
        ['junk', 'Bearer not.a.token'],
      ] as const) {
        const answer = await call(route, row, auth);
        if (answer.status !== 401 || answer.body.code !== 'UNAUTHENTICATED') cells.push(`${route} ${label}: ${answer.status}`);
      }
    }
    expect(cells).toEqual([]);
  });

  it('refuses every role a route does not list (403), and an allowed role out of scope (403 on commands, 404 on reads)', async () => {
    const cells: string[] = [];
    for (const [route, row] of rows) {
      if (row.roles === 'public') continue;
      const allowed = row.roles;
      for (const role of ROLES) {
        const bearer = async (who: Who) => `Bearer ${await t.api.token(who)}`;
        if (!allowed.includes(role)) {
          const answer = await call(route, row, await bearer(IN_SCOPE[role]));
          if (answer.status !== 403) cells.push(`${route} as ${role} (role not allowed): ${answer.status}`);
          continue;
        }
        const outsider = OUT_OF_SCOPE[role];
        if (row.outOfScope && outsider) {
          const answer = await call(route, row, await bearer(outsider));
          if (answer.status !== row.outOfScope) cells.push(`${route} as ${role} out of scope: ${answer.status} ${answer.body?.code}`);
        }
        const inScope = await call(route, row, await bearer(IN_SCOPE[role]));
        if ([401, 403].includes(inScope.status) || inScope.status >= 500)
          cells.push(`${route} as ${role} in scope: ${inScope.status} ${inScope.body?.code}`);
      }
    }
    expect(cells).toEqual([]);
  });

  it('answers every GraphQL query in scope, shows nothing of the exam out of scope, and 401 without a valid token', async () => {
    const cells: string[] = [];
    for (const [field, row] of Object.entries(QUERY_ROWS)) {
      for (const role of ROLES) {
        const answer = await graphql(t.api, IN_SCOPE[role], row.query);
        if (answer.status !== 200 || answer.body.errors)
          cells.push(`${field} as ${role}: ${answer.status} ${JSON.stringify(answer.body.errors)}`);
        const outsider = OUT_OF_SCOPE[role];
        if (outsider) {
          const out = await graphql(t.api, outsider, row.query);
          if (out.status !== 200 || !row.outOfScope(out.body.data ?? {}))
            cells.push(`${field} as ${role} out of scope: ${JSON.stringify(out.body)}`);
        }
      }
      for (const auth of [undefined, 'Bearer junk', `Bearer ${await t.api.token(learner, -120)}`]) {
        const answer = await t.api.call('POST', '/graphql', {
          rawBody: JSON.stringify({ query: row.query }),
          headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
        });
        if (answer.status !== 401) cells.push(`${field} with ${auth ?? 'no token'}: ${answer.status}`);
      }
    }
    expect(cells).toEqual([]);
  });
});
