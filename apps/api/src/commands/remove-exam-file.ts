import { examSlice } from './slice/command-slice';

/** Before hand-in only; nothing is deleted while access is inactive. */
export const removeExamFile = examSlice('RemoveExamFile', null, {
  gather: async (exam, { params: { fileId }, envelope: { now } }, { facts }) => ({
    type: 'RemoveExamFile',
    now,
    fileId,
    accessActive: await facts.hasActiveAccess(exam.learnerId, now),
  }),
  route: 'DELETE exams/:id/files/:fileId → 200',
  api: ['files', 'remove', 'ExamFileRemoved'],
  summary: 'Remove a file before hand-in',
});
