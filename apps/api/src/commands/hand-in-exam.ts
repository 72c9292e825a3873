import { UploadedFile } from '@exam/domain';
import { FileStore } from '@exam/file-store';
import { EmptyBody } from '../http/command-route';
import { examSlice } from './slice/command-slice';

/** DOMAIN.md step 8: once per attempt; the rules are `handIn` in the exam decider. */
export const handInExam = examSlice('HandInExam', EmptyBody, {
  gather: async (exam, { envelope: { now } }, { facts, files }) => ({
    type: 'HandInExam',
    now,
    accessActive: await facts.hasActiveAccess(exam.learnerId, now),
    verifiedFileIds: await storedWhole(files, exam.files),
  }),
  route: 'POST exams/:id/hand-in → 200',
  api: ['exams', 'handIn', 'ExamHandedIn'],
  summary: 'Definitely hand in (once per attempt)',
});

/** Never accept a hand-in that names a file that did not land: re-read and re-hash each one. */
async function storedWhole(store: FileStore, files: UploadedFile[]): Promise<string[]> {
  const checks = await Promise.all(files.map(async (f) => ((await store.verify(f)) ? f.fileId : undefined)));
  return checks.filter((id): id is string => id !== undefined);
}
