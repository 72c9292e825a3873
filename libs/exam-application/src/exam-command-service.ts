import {
  authorizeExamCommand,
  decideExam,
  evolveExam,
  ExamCommand,
  ExamCommandType,
  ExamState,
  initialExamState,
  RegisteredExam,
  refuse,
} from '@exam/domain';
import { examStream } from '@exam/event-store';
import { CommandEnvelope } from './command-envelope';
import { StreamWriter, WriteOutcome } from './stream-writer';

/** Builds the domain command once the exam is loaded and the actor is known to be in scope. */
export type ExamCommandBuilder = (exam: RegisteredExam) => ExamCommand | Promise<ExamCommand>;

/** Runs exam commands: load, check role and scope (DOMAIN.md "People"), decide, append. */
export class ExamCommandService {
  constructor(private readonly writer: StreamWriter) {}

  execute(type: ExamCommandType, examId: string, envelope: CommandEnvelope, build: ExamCommandBuilder): Promise<WriteOutcome> {
    return this.writer.execute<ExamState>(
      {
        stream: examStream(examId),
        id: examId,
        initialState: initialExamState,
        evolve: evolveExam as never,
        hashChain: true,
        decide: async (state) => {
          if (type === 'RegisterExam') {
            authorizeExamCommand(envelope.actor, type, undefined);
            return decideExam(await build(undefined as never), state);
          }
          if (!state.registered) refuse('NOT_FOUND', 'exam not found');
          authorizeExamCommand(envelope.actor, type, state);
          return decideExam(await build(state), state);
        },
      },
      envelope,
    );
  }
}
