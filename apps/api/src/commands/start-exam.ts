import { EmptyBody } from '../http/command-route';
import { examSlice } from './slice/command-slice';

/** DOMAIN.md step 6: no time limit once started. */
export const startExam = examSlice('StartExam', EmptyBody, {
  gather: async (exam, { envelope: { now } }, { facts }) => ({
    type: 'StartExam',
    now,
    accessActive: await facts.hasActiveAccess(exam.learnerId, now),
  }),
  route: 'POST exams/:id/start → 200',
  api: ['exams', 'start', 'ExamStarted'],
  summary: 'Start the exam (no time limit)',
});
