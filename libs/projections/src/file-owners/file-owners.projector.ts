import { ExamEvent } from '@exam/domain';
import { RecordedEvent } from '@exam/event-store';
import { ReadDocument, ReadModelStore } from '@exam/read-models';
import { isExamEvent, Projector } from '../projector';

export const FILE_OWNERS = 'file_owners_v1';
const EXAM_LEARNERS = 'exam_learners_v1';

/**
 * Who uploaded which bytes (uploads are content-addressed: two learners' identical files are one
 * blob). Erasing a learner destroys only the blobs no other learner uploaded.
 */
export interface FileOwnerDocument extends ReadDocument {
  sha256: string;
  learnerId: string;
}

interface ExamLearnerDocument extends ReadDocument {
  learnerId: string;
}

export class FileOwnersProjector implements Projector<ExamEvent> {
  readonly name = 'file-owners';
  readonly collections = [FILE_OWNERS, EXAM_LEARNERS];
  readonly handles = isExamEvent;

  async setUp(store: ReadModelStore): Promise<void> {
    await store.collection(FILE_OWNERS).ensureIndex(['sha256']);
    await store.collection(FILE_OWNERS).ensureIndex(['learnerId']);
    await store.collection(EXAM_LEARNERS).ensureIndex(['learnerId']);
  }

  async apply(event: RecordedEvent<ExamEvent>, store: ReadModelStore): Promise<void> {
    if (event.type === 'ExamRegistered') {
      await store.collection<ExamLearnerDocument>(EXAM_LEARNERS).put({ _id: event.data.examId, learnerId: event.data.learnerId });
      return;
    }
    if (event.type !== 'ExamFileUploaded') return;
    const exam = await store.collection<ExamLearnerDocument>(EXAM_LEARNERS).get(event.data.examId);
    if (!exam) throw new Error(`file-owners: exam ${event.data.examId} uploaded a file before it was registered`);
    const { sha256 } = event.data;
    await store
      .collection<FileOwnerDocument>(FILE_OWNERS)
      .insertIfAbsent({ _id: `${sha256}/${exam.learnerId}`, sha256, learnerId: exam.learnerId });
  }
}

/** The blobs this learner uploaded, each with the other learners who uploaded the same bytes. */
export async function blobsOf(store: ReadModelStore, learnerId: string): Promise<{ sha256: string; otherOwners: string[] }[]> {
  const owners = store.collection<FileOwnerDocument>(FILE_OWNERS);
  const mine = await owners.find({ learnerId });
  return Promise.all(
    mine.map(async ({ sha256 }) => ({
      sha256,
      otherOwners: (await owners.find({ sha256 })).map((owner) => owner.learnerId).filter((id) => id !== learnerId),
    })),
  );
}

/** The exams registered for this learner. */
export async function examsOf(store: ReadModelStore, learnerId: string): Promise<string[]> {
  return (await store.collection<ExamLearnerDocument>(EXAM_LEARNERS).find({ learnerId })).map((exam) => exam._id);
}
