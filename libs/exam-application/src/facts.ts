import {
  accessAt,
  AccessView,
  examDecider,
  ExamEvent,
  institutionPolicyDecider,
  InstitutionPolicy,
  InstitutionPolicySet,
  keptFiles,
  learnerAccessDecider,
  LearnerAccessEvent,
  LearnerAccessState,
  Program,
  programDecider,
  ProgramDefined,
  RegisteredExam,
  refuse,
  stateOf,
  UploadedFile,
} from '@exam/domain';
import { EventStore, examStream, institutionStream, learnerStream, programStream } from '@exam/event-store';

/**
 * Facts from other streams that exam rules depend on (policy, program, learner access).
 * Read fresh for every command: these streams are a handful of events each.
 */
export class Facts {
  constructor(private readonly store: EventStore) {}

  /** The exam as the event log has it now (reads that must not lag behind commands, e.g. downloads). */
  async exam(examId: string): Promise<RegisteredExam | undefined> {
    return (await this.examWithFiles(examId))?.exam;
  }

  /** The exam with every file it keeps across attempts (downloads of earlier attempts' hand-ins). */
  async examWithFiles(examId: string): Promise<{ exam: RegisteredExam; files: UploadedFile[] } | undefined> {
    const events = await this.store.readStream<ExamEvent>(examStream(examId));
    const exam = stateOf(examDecider, events);
    return exam.registered ? { exam, files: keptFiles(events) } : undefined;
  }

  async policy(institutionId: string): Promise<InstitutionPolicy> {
    const events = await this.store.readStream<InstitutionPolicySet>(institutionStream(institutionId));
    const policy = stateOf(institutionPolicyDecider, events);
    if (!policy) refuse('NOT_FOUND', `institution ${institutionId} has no exam policy yet`);
    return policy;
  }

  async program(programId: string): Promise<Program> {
    const events = await this.store.readStream<ProgramDefined>(programStream(programId));
    const program = stateOf(programDecider, events);
    if (!program) refuse('NOT_FOUND', `program ${programId} is not defined`);
    return program;
  }

  async learnerAccess(learnerId: string): Promise<LearnerAccessState> {
    return stateOf(learnerAccessDecider, await this.store.readStream<LearnerAccessEvent>(learnerStream(learnerId)));
  }

  async accessAt(learnerId: string, now: string): Promise<AccessView> {
    return accessAt(await this.learnerAccess(learnerId), now);
  }

  /** DOMAIN.md, "Learner access": whether the learner may start, upload, remove or hand in now. */
  async hasActiveAccess(learnerId: string, now: string): Promise<boolean> {
    return (await this.accessAt(learnerId, now)).active;
  }
}
