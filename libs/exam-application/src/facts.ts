import {
  accessAt,
  evolveExam,
  ExamEvent,
  initialExamState,
  keptFiles,
  UploadedFile,
  RegisteredExam,
  AccessView,
  evolveInstitution,
  evolveLearnerAccess,
  evolveProgram,
  initialLearnerAccess,
  InstitutionPolicy,
  InstitutionPolicySet,
  LearnerAccessEvent,
  LearnerAccessState,
  Program,
  ProgramDefined,
  refuse,
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
    const events = await this.store.readStream(examStream(examId));
    const state = events.reduce((s, e) => evolveExam(s, e as unknown as ExamEvent), initialExamState());
    return state.registered ? state : undefined;
  }

  /** The exam with every file it keeps across attempts (downloads of earlier attempts' hand-ins). */
  async examWithFiles(examId: string): Promise<{ exam: RegisteredExam; files: UploadedFile[] } | undefined> {
    const events = (await this.store.readStream(examStream(examId))) as unknown as ExamEvent[];
    const state = events.reduce((s, e) => evolveExam(s, e), initialExamState());
    return state.registered ? { exam: state, files: keptFiles(events) } : undefined;
  }

  async policy(institutionId: string): Promise<InstitutionPolicy> {
    const events = await this.store.readStream(institutionStream(institutionId));
    const policy = events.reduce((s, e) => evolveInstitution(s, e as unknown as InstitutionPolicySet), null as InstitutionPolicy | null);
    if (!policy) refuse('NOT_FOUND', `institution ${institutionId} has no exam policy yet`);
    return policy;
  }

  async program(programId: string): Promise<Program> {
    const events = await this.store.readStream(programStream(programId));
    const program = events.reduce((s, e) => evolveProgram(s, e as unknown as ProgramDefined), null as Program | null);
    if (!program) refuse('NOT_FOUND', `program ${programId} is not defined`);
    return program;
  }

  async learnerAccess(learnerId: string): Promise<LearnerAccessState> {
    const events = await this.store.readStream(learnerStream(learnerId));
    return events.reduce((s, e) => evolveLearnerAccess(s, e as unknown as LearnerAccessEvent), initialLearnerAccess());
  }

  async accessAt(learnerId: string, now: string): Promise<AccessView> {
    return accessAt(await this.learnerAccess(learnerId), now);
  }

  /** DOMAIN.md, "Learner access": whether the learner may start, upload, remove or hand in now. */
  async hasActiveAccess(learnerId: string, now: string): Promise<boolean> {
    return (await this.accessAt(learnerId, now)).active;
  }
}
