import { ExamEvent } from './exam-events';
import { UploadedFile } from './exam-state';

/**
 * Every file the exam keeps, across all attempts: uploaded and not removed before its hand-in.
 * A resit starts the next attempt without files (DOMAIN.md), but the earlier attempt's files stay
 * stored and visible ("nothing is deleted"); the exam state only holds the current attempt.
 */
export function keptFiles(events: Iterable<ExamEvent>): UploadedFile[] {
  const kept = new Map<string, UploadedFile>();
  for (const event of events) {
    if (event.type === 'ExamFileUploaded') {
      const { fileId, name, size, mediaType, sha256, componentId, uploadedAt } = event.data;
      kept.set(fileId, { fileId, name, size, mediaType, sha256, uploadedAt, ...(componentId ? { componentId } : {}) });
    } else if (event.type === 'ExamFileRemoved') kept.delete(event.data.fileId);
  }
  return [...kept.values()];
}
