import { ExamEvent } from '@exam/domain';
import { RecordedEvent } from '@exam/event-store';
import { ReadDocument, ReadModelStore } from '@exam/read-models';
import { isExamEvent, Projector } from '../projector';

export const PROOF_VERIFICATIONS = 'proof_verifications_v1';

/**
 * Where a public verification code points (CONTRACT.md, "Proof of participation that anyone can
 * verify"): one document per code. Only an index: the answer itself is read from the exam's stream.
 */
export interface ProofVerificationDocument extends ReadDocument {
  /** The verification code. */
  _id: string;
  examId: string;
  attempt: number;
}

export class ProofVerificationsProjector implements Projector<ExamEvent> {
  readonly name = 'proof-verifications';
  readonly collections = [PROOF_VERIFICATIONS];
  readonly handles = isExamEvent;

  async setUp(): Promise<void> {}

  async apply(event: RecordedEvent<ExamEvent>, store: ReadModelStore): Promise<void> {
    // Proofs issued before codes existed have none: nothing to index.
    if (event.type !== 'ProofOfParticipationIssued' || !event.data.verificationCode) return;
    const { verificationCode, examId, attempt } = event.data;
    // Keyed by the code: a redelivered event inserts nothing.
    await store.collection<ProofVerificationDocument>(PROOF_VERIFICATIONS).insertIfAbsent({ _id: verificationCode, examId, attempt });
  }
}
