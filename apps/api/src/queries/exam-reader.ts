import { Inject, Injectable } from '@nestjs/common';
import { accessAt } from '@exam/domain';
import { ProofStore } from '@exam/proof-of-participation';
import {
  EXAM_VIEWS,
  ExamView,
  ExamViewDocument,
  LEARNER_ACCESS,
  LearnerAccessDocument,
  PROGRAMS,
  ProgramDocument,
  toExamView,
} from '@exam/projections';
import { Filter, ReadDocument, ReadModelStore } from '@exam/read-models';
import { READ_MODEL_STORE } from '@exam/infrastructure';

/** Reads exams from the read models and completes them with program, access and proof facts. */
@Injectable()
export class ExamReader {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    private readonly proofs: ProofStore,
  ) {}

  document(examId: string): Promise<ExamViewDocument | undefined> {
    return this.readModels.collection<ExamViewDocument>(EXAM_VIEWS).get(examId);
  }

  documents(filter: Filter): Promise<ExamViewDocument[]> {
    return this.readModels.collection<ExamViewDocument>(EXAM_VIEWS).find(filter);
  }

  async access(learnerId: string, now: string) {
    const document = await this.readModels.collection<LearnerAccessDocument>(LEARNER_ACCESS).get(learnerId);
    return accessAt(document?.access ?? {}, now);
  }

  async view(document: ExamViewDocument, now = new Date().toISOString()): Promise<ExamView> {
    return (await this.views([document], now))[0];
  }

  /**
   * A queue or a learner's list in a few reads, not a few per exam: programs and learner access are
   * fetched once for all the exams (one `$in` each), proofs asked only of exams that issued one.
   */
  async views(documents: ExamViewDocument[], now = new Date().toISOString()): Promise<ExamView[]> {
    const exams = documents.map((d) => d.exam);
    const [programs, access] = await Promise.all([
      this.byId<ProgramDocument>(
        PROGRAMS,
        exams.map((e) => e.programId),
      ),
      this.byId<LearnerAccessDocument>(
        LEARNER_ACCESS,
        exams.map((e) => e.learnerId),
      ),
    ]);
    return Promise.all(
      documents.map(async ({ exam, revision }) => {
        const proofRendered = exam.proofOfParticipationIssuedAt ? await this.proofs.exists(exam.examId, exam.attempt) : false;
        const accessActive = accessAt(access.get(exam.learnerId)?.access ?? {}, now).active;
        return toExamView(exam, { asOf: now, revision, program: programs.get(exam.programId)?.program, accessActive, proofRendered });
      }),
    );
  }

  private async byId<T extends ReadDocument>(collection: string, ids: string[]): Promise<Map<string, T>> {
    const unique = [...new Set(ids)];
    const documents = this.readModels.collection<T>(collection);
    // One exam (GraphQL `exam(id)`, the commonest read): a lookup by key, not a query built for a list.
    const found =
      unique.length === 0 ? [] : unique.length === 1 ? [await documents.get(unique[0])] : await documents.find({ _id: { $in: unique } });
    const byId = new Map<string, T>();
    for (const doc of found) if (doc) byId.set(doc._id, doc);
    return byId;
  }
}
