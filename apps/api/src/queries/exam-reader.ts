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
import { Filter, ReadModelStore } from '@exam/read-models';
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

  program(programId: string) {
    return this.readModels
      .collection<ProgramDocument>(PROGRAMS)
      .get(programId)
      .then((d) => d?.program);
  }

  async access(learnerId: string, now: string) {
    const document = await this.readModels.collection<LearnerAccessDocument>(LEARNER_ACCESS).get(learnerId);
    return accessAt(document?.access ?? {}, now);
  }

  async view(document: ExamViewDocument, now = new Date().toISOString()): Promise<ExamView> {
    const { exam } = document;
    const [program, access, proofRendered] = await Promise.all([
      this.program(exam.programId),
      this.access(exam.learnerId, now),
      exam.proofOfParticipationIssuedAt ? this.proofs.exists(exam.examId, exam.attempt) : Promise.resolve(false),
    ]);
    return toExamView(exam, { asOf: now, revision: document.revision, program, accessActive: access.active, proofRendered });
  }

  views(documents: ExamViewDocument[]): Promise<ExamView[]> {
    const now = new Date().toISOString();
    return Promise.all(documents.map((d) => this.view(d, now)));
  }
}
