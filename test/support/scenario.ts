import { ApiClient } from './api-client';
import { admin, coach, learner } from './people';

export interface EnrollOptions {
  examId: string;
  learnerId?: string;
  institutionId?: string;
  programId?: string;
  programTitle?: string;
  gradingScale?: 'numeric' | 'rating';
  resitsAllowed?: boolean;
  earlyReleaseAllowed?: boolean;
  hasNextPart?: boolean;
  xpRequired?: number;
}

function expectOk(answer: { status: number; body: unknown }, what: string): void {
  if (answer.status >= 300) throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
}

/** Policy + program + enrollment: the admin's set-up before a coach can act. */
export async function enroll(api: ApiClient, o: EnrollOptions): Promise<void> {
  const institutionId = o.institutionId ?? 'inst-1';
  const programId = o.programId ?? 'prog-1';
  expectOk(
    await api.put(`/api/institutions/${institutionId}/policy`, admin, {
      gradingScale: o.gradingScale ?? 'numeric',
      resitsAllowed: o.resitsAllowed ?? true,
      earlyReleaseAllowed: o.earlyReleaseAllowed ?? false,
    }),
    'policy',
  );
  expectOk(
    await api.put(`/api/programs/${programId}`, admin, {
      title: o.programTitle ?? 'Social Work, level 4',
      xpRequired: o.xpRequired ?? 100,
      hasNextPart: o.hasNextPart ?? true,
      components: [
        { id: 'c1', title: 'Case analysis', instructions: 'Analyse the case.', indicativeMinutes: 90 },
        { id: 'c2', title: 'Reflection video', instructions: 'Record a reflection.', indicativeMinutes: 30 },
      ],
    }),
    'program',
  );
  expectOk(
    await api.post('/api/exams', admin, {
      examId: o.examId,
      learnerId: o.learnerId ?? learner.id,
      programId,
      institutionId,
      coachId: coach.id,
    }),
    'enroll',
  );
}

/** From enrollment to IN_PROGRESS with one uploaded file, the shortest legal way. */
export async function enrollAndStart(api: ApiClient, o: EnrollOptions): Promise<{ fileId: string }> {
  await enroll(api, o);
  const learnerWho = { role: 'learner' as const, id: o.learnerId ?? learner.id };
  const exam = `/api/exams/${o.examId}`;
  expectOk(await api.post(`${exam}/xp`, admin, { amount: o.xpRequired ?? 100, source: 'assignments' }), 'xp');
  expectOk(await api.post(`${exam}/sample/start`, coach), 'sample start');
  expectOk(await api.post(`${exam}/sample/assess`, coach, { outcome: 'approved', feedback: [] }), 'sample assess');
  expectOk(await api.post(`${exam}/release`, coach, {}), 'release');
  expectOk(await api.post(`/api/learners/${learnerWho.id}/subscriptions`, admin, { validUntil: '2099-01-01T00:00:00Z' }), 'subscription');
  expectOk(await api.post(`${exam}/start`, learnerWho), 'start');
  const upload = await api.upload(o.examId, learnerWho, {
    name: 'case.pdf',
    type: 'application/pdf',
    content: Buffer.from('%PDF-1.4 case'),
  });
  expectOk(upload, 'upload');
  return { fileId: upload.body.fileId };
}
