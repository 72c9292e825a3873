import { decideLearnerAccess, evolveLearnerAccess, initialLearnerAccess, LearnerAccessCommand, LearnerAccessState } from '@exam/domain';
import { learnerStream } from '@exam/event-store';
import { CommandEnvelope } from './command-envelope';
import { StreamWriter, WriteOutcome } from './stream-writer';

/** Runs commands on a learner's access stream (subscriptions, the free trial, expiry). */
export class LearnerAccessService {
  constructor(private readonly writer: StreamWriter) {}

  execute(command: LearnerAccessCommand, envelope: CommandEnvelope): Promise<WriteOutcome> {
    return this.writer.execute<LearnerAccessState>(
      {
        stream: learnerStream(command.learnerId),
        id: command.learnerId,
        initialState: initialLearnerAccess,
        evolve: evolveLearnerAccess as never,
        hashChain: false,
        decide: (state) => decideLearnerAccess(command, state),
      },
      envelope,
    );
  }
}
