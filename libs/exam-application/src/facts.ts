import {
  accessAt,
  AccessView,
  examDecider,
  ExamEvent,
  institutionPolicyDecider,
  InstitutionPolicy,
  keptFiles,
  learnerAccessDecider,
  LearnerAccessState,
  Program,
  programDecider,
  RegisteredExam,
  refuse,
  stateOf,
  UploadedFile,
} from '@exam/domain';
import { EventStore, examStream, institutionStream, learnerStream, programStream } from '@exam/event-store';
import { FoldedStreams } from './folded-streams';

/**
 * Facts from other streams that exam rules depend on (policy, program, learner access).
 * Fresh for every command: folded through the writer's cache, which reads whatever the log has
 * beyond what it folded before (usually nothing), so a fact is never older than the log.
 */
export class Facts {
  constructor(
    private readonly store: EventStore,
    private readonly folded: FoldedStreams = new FoldedStreams(store),
  ) {}

  /** The exam as the event log has it now (reads that must not lag behind commands, e.g. downloads). */
  async exam(examId: string): Promise<RegisteredExam | undefined> {
    const { state } = await this.folded.current(examDecider, examStream(examId));
    return state.registered ? state : undefined;
  }

  /** The exam with every file it keeps across attempts (downloads of earlier attempts' hand-ins). */
  async examWithFiles(examId: string): Promise<{ exam: RegisteredExam; files: UploadedFile[] } | undefined> {
    const events = await this.store.readStream<ExamEvent>(examStream(examId));
    const exam = stateOf(examDecider, events);
    return exam.registered ? { exam, files: keptFiles(events) } : undefined;
  }

  async policy(institutionId: string): Promise<InstitutionPolicy> {
    const { state: policy } = await this.folded.current(institutionPolicyDecider, institutionStream(institutionId));
    if (!policy) refuse('NOT_FOUND', `institution ${institutionId} has no exam policy yet`);
    return policy;
  }

  async program(programId: string): Promise<Program> {
    const { state: program } = await this.folded.current(programDecider, programStream(programId));
    if (!program) refuse('NOT_FOUND', `program ${programId} is not defined`);
    return program;
  }

  async learnerAccess(learnerId: string): Promise<LearnerAccessState> {
    return (await this.folded.current(learnerAccessDecider, learnerStream(learnerId))).state;
  }

  async accessAt(learnerId: string, now: string): Promise<AccessView> {
    return accessAt(await this.learnerAccess(learnerId), now);
  }

  /** DOMAIN.md, "Learner access": whether the learner may start, upload, remove or hand in now. */
  async hasActiveAccess(learnerId: string, now: string): Promise<boolean> {
    return (await this.accessAt(learnerId, now)).active;
  }
}
