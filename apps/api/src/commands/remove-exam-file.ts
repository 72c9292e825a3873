import { examSlice } from './slice/command-slice';

/** Before hand-in only; nothing is deleted while access is inactive. */
export const removeExamFile = examSlice({
  command: 'RemoveExamFile',
  route: {
    method: 'DELETE',
    path: 'exams/:id/files/:fileId',
    status: 200,
    tag: 'files',
    operation: 'remove',
    event: 'ExamFileRemoved',
    summary: 'Remove a file before hand-in',
  },
  gather: async (exam, { params: { fileId }, envelope: { now } }, { facts }) => ({
    type: 'RemoveExamFile',
    now,
    fileId,
    accessActive: await facts.hasActiveAccess(exam.learnerId, now),
  }),
});
