import { EmptyBody } from '../http/command-route';
import { examSlice } from './slice/command-slice';

/** DOMAIN.md step 6: no time limit once started. */
export const startExam = examSlice({
  command: 'StartExam',
  route: {
    method: 'POST',
    path: 'exams/:id/start',
    status: 200,
    tag: 'exams',
    operation: 'start',
    event: 'ExamStarted',
    summary: 'Start the exam (no time limit)',
  },
  body: EmptyBody,
  gather: async (exam, { envelope: { now } }, { facts }) => ({
    type: 'StartExam',
    now,
    accessActive: await facts.hasActiveAccess(exam.learnerId, now),
  }),
});
