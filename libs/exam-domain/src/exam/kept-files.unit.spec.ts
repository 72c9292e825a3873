import { ExamEvent } from './exam-events';
import { keptFiles } from './kept-files';

const uploaded = (fileId: string, attempt: number): ExamEvent => ({
  type: 'ExamFileUploaded',
  data: {
    examId: 'e1',
    attempt,
    fileId,
    name: `${fileId}.pdf`,
    size: 1,
    mediaType: 'application/pdf',
    sha256: 'a'.repeat(64),
    uploadedAt: 't',
  },
});
const removed = (fileId: string): ExamEvent => ({ type: 'ExamFileRemoved', data: { examId: 'e1', attempt: 1, fileId, removedAt: 't' } });
const resit: ExamEvent = { type: 'ExamReopened', data: { examId: 'e1', reason: 'resit', attempt: 2, reopenedAt: 't' } };

describe('files an exam keeps across attempts', () => {
  it('given uploads in two attempts around a resit, keeps both attempts’ files', () => {
    expect(keptFiles([uploaded('f1', 1), resit, uploaded('f2', 2)]).map((f) => f.fileId)).toEqual(['f1', 'f2']);
  });

  it('given a file removed before hand-in, does not keep it', () => {
    expect(keptFiles([uploaded('f1', 1), uploaded('f2', 1), removed('f1')]).map((f) => f.fileId)).toEqual(['f2']);
  });

  it('given no uploads, keeps nothing', () => {
    expect(keptFiles([resit])).toEqual([]);
  });
});
