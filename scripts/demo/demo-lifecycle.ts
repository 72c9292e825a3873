import { DemoApi, Person } from './demo-api';

/** The demo's cast; learner and exam ids carry the run's tag, so the demo can run again on the same data. */
export interface DemoCast {
  admin: Person;
  coach: Person;
  assessor: Person;
  examBoard: Person;
  learners: Record<DemoStage, Person>;
  exams: Record<DemoStage, string>;
}

/** Where each demo learner's exam stands (DOMAIN.md, "Lifecycle of an exam"). */
export type DemoStage = 'sampleRejected' | 'released' | 'handedIn' | 'passed' | 'failedResitRequested';

export const NUMERIC_INSTITUTION = 'demo-university';
export const RATING_INSTITUTION = 'demo-academy';
export const PROGRAM = 'demo-social-work';

/** Display names in several scripts (CONTRACT.md "People and personal data"): the views show them, never the ids. */
const DISPLAY_NAMES: Record<DemoStage, string> = {
  sampleRejected: 'Noor El Amrani',
  released: 'Anna Kowalczyk',
  handedIn: 'Bram de Vries',
  passed: 'Chen Jing 陈静',
  failedResitRequested: 'Dana Łukasik',
};

const LEARNER_NAMES: Record<DemoStage, string> = {
  sampleRejected: 'noor',
  released: 'anna',
  handedIn: 'bram',
  passed: 'chen',
  failedResitRequested: 'dana',
};

export function demoCast(tag: string): DemoCast {
  const stages = Object.keys(LEARNER_NAMES) as DemoStage[];
  const byStage = <T>(value: (stage: DemoStage) => T) =>
    Object.fromEntries(stages.map((stage) => [stage, value(stage)])) as Record<DemoStage, T>;
  return {
    admin: { role: 'admin', id: 'admin-1' },
    coach: { role: 'coach', id: 'coach-carla', institutionId: NUMERIC_INSTITUTION },
    assessor: { role: 'assessor', id: 'assessor-eva', institutionId: NUMERIC_INSTITUTION },
    examBoard: { role: 'exam_board', id: 'board-1', institutionId: NUMERIC_INSTITUTION },
    learners: byStage((stage) => ({ role: 'learner', id: `learner-${LEARNER_NAMES[stage]}-${tag}` })),
    exams: byStage((stage) => `exam-${LEARNER_NAMES[stage]}-${tag}`),
  };
}

/** The admin's set-up: two named institutions (one per grading scale), a program with two components, everyone's names. */
async function configure(api: DemoApi, cast: DemoCast): Promise<void> {
  const { admin } = cast;
  await api.send('numeric institution', 'PUT', `/api/institutions/${NUMERIC_INSTITUTION}/policy`, admin, {
    name: 'Demo University of Applied Sciences',
    gradingScale: 'numeric',
    passMark: 5.5,
    resitsAllowed: true,
    earlyReleaseAllowed: false,
  });
  await api.send('rating institution', 'PUT', `/api/institutions/${RATING_INSTITUTION}/policy`, admin, {
    name: 'Akademia Pracy Socjalnej w Łodzi',
    gradingScale: 'rating',
    resitsAllowed: true,
    earlyReleaseAllowed: true,
  });
  await api.send('program', 'PUT', `/api/programs/${PROGRAM}`, admin, {
    title: 'Social Work, level 4',
    xpRequired: 100,
    hasNextPart: false,
    components: [
      { id: 'case-analysis', title: 'Case analysis', instructions: 'Analyse the case of the Jansen family.', indicativeMinutes: 90 },
      { id: 'reflection', title: 'Reflection video', instructions: 'Record a ten-minute reflection.', indicativeMinutes: 30 },
    ],
  });
  const staff = [
    [cast.coach, 'Carla Janssen'],
    [cast.assessor, 'Eva Nowak'],
  ] as const;
  for (const [person, displayName] of staff) {
    await api.send(`${person.id}: profile`, 'PUT', `/api/people/${person.id}`, admin, { displayName });
  }
  for (const [stage, learner] of Object.entries(cast.learners) as [DemoStage, Person][]) {
    await api.send(`${learner.id}: profile`, 'PUT', `/api/people/${learner.id}`, admin, { displayName: DISPLAY_NAMES[stage] });
  }
}

/** One learner's exam from enrollment as far as `stage`, each step as the person DOMAIN.md says takes it. */
async function walk(api: DemoApi, cast: DemoCast, stage: DemoStage): Promise<void> {
  const { admin, coach, assessor } = cast;
  const learner = cast.learners[stage];
  const examId = cast.exams[stage];
  const exam = `/api/exams/${examId}`;
  const step = (what: string) => `${learner.id}: ${what}`;
  const institutionId = stage === 'failedResitRequested' ? RATING_INSTITUTION : NUMERIC_INSTITUTION;
  await api.send(step('enroll'), 'POST', '/api/exams', admin, {
    examId,
    learnerId: learner.id,
    programId: PROGRAM,
    institutionId,
    coachId: coach.id,
  });
  await api.send(step('award XP'), 'POST', `${exam}/xp`, admin, { amount: 100, source: 'assignments 1-8' });
  await api.send(step('start sample'), 'POST', `${exam}/sample/start`, coach);
  if (stage === 'sampleRejected') {
    await api.send(step('reject sample'), 'POST', `${exam}/sample/assess`, coach, {
      outcome: 'rejected',
      feedback: [{ assignmentId: 'assignment-3', comment: 'Name the sources of your case analysis.' }],
    });
    return;
  }
  await api.send(step('approve sample'), 'POST', `${exam}/sample/assess`, coach, { outcome: 'approved', feedback: [] });
  await api.send(step('release'), 'POST', `${exam}/release`, coach, {});
  // DOMAIN.md "Learner access": no start, upload or hand-in without a subscription or the free trial.
  await api.send(step('free trial'), 'POST', `/api/learners/${learner.id}/trial`, learner);
  if (stage === 'released') return;
  await api.send(step('start'), 'POST', `${exam}/start`, learner);
  await api.upload(
    step('upload'),
    examId,
    learner,
    { name: 'case-analysis.pdf', type: 'application/pdf', content: '%PDF-1.4\n% demo case analysis\n' },
    'case-analysis',
  );
  await api.send(step('hand in'), 'POST', `${exam}/hand-in`, learner);
  await api.send(step('assign assessor'), 'POST', `${exam}/assessor`, admin, { assessorId: assessor.id });
  if (stage === 'handedIn') return;
  if (stage === 'passed') {
    await api.send(step('assess'), 'POST', `${exam}/assessment`, assessor, {
      grade: { numeric: 7.5 },
      feedback: 'A careful, well-sourced analysis.',
    });
    await api.send(step('proof of participation'), 'POST', `${exam}/proof-of-participation`, coach);
    return;
  }
  await api.send(step('assess'), 'POST', `${exam}/assessment`, assessor, {
    grade: { rating: 'UNSATISFACTORY' },
    feedback: 'The reflection is missing.',
  });
  await api.send(step('request resit'), 'POST', `${exam}/reopen-requests`, coach, {
    reason: 'resit',
    note: 'Dana asks for a second attempt.',
  });
}

/** Seeds the running server: institutions, the program, and one learner at every stage of the lifecycle. */
export async function seedDemo(api: DemoApi, cast: DemoCast, progress: (line: string) => void = () => undefined): Promise<void> {
  await configure(api, cast);
  progress(`institutions ${NUMERIC_INSTITUTION} (numeric) and ${RATING_INSTITUTION} (rating), program ${PROGRAM}`);
  for (const stage of Object.keys(cast.exams) as DemoStage[]) {
    await walk(api, cast, stage);
    progress(`${cast.exams[stage]}  ${cast.learners[stage].id}  ${stage}`);
  }
}
