import { Facts } from '@exam/application';
import { RecordedEvent } from '@exam/event-store';
import { isExamEvent } from '@exam/projections';
import { Job } from '@exam/jobs';
import { renderProofDocument } from './proof-document';
import { gradeText } from './proof-record';
import { ProofStore } from './proof-store';
import { ProofsOfParticipation } from './proofs-of-participation';

export const RENDER_PROOF = 'render-proof-of-participation';

/** The job an event asks for, keyed by the event id (a redelivered event asks for the same job). */
export function proofJobFor(event: RecordedEvent): Job | undefined {
  if (!isExamEvent(event) || event.type !== 'ProofOfParticipationIssued') return undefined;
  return { id: event.id, name: RENDER_PROOF, payload: { examId: event.data.examId, attempt: event.data.attempt } };
}

/**
 * DOMAIN.md step 12: a PDF naming learner, program, institution, date and grade, with the code,
 * URL and QR code anyone can verify it by. Idempotent: a redelivered event renders the same PDF again.
 */
export class RenderProofOfParticipation {
  constructor(
    private readonly facts: Facts,
    private readonly proofs: ProofStore,
    private readonly issued: ProofsOfParticipation,
  ) {}

  async handle(job: Job): Promise<void> {
    const { examId, attempt } = job.payload;
    if (typeof examId !== 'string' || typeof attempt !== 'number') throw new Error(`${RENDER_PROOF}: job ${job.id} names no exam attempt`);
    const exam = await this.facts.exam(examId);
    if (!exam?.assessment?.passed || exam.attempt !== attempt) return; // a later resit superseded it; nothing to render
    const proof = await this.issued.ofAttempt(examId, attempt);
    if (!proof) return;
    const { record } = proof;
    const pdf = await renderProofDocument({
      learnerName: proof.learnerName,
      programTitle: proof.programTitle,
      institutionName: proof.institutionName,
      issuedOn: record.issuedAt.slice(0, 10),
      grade: gradeText(record.grade),
      ...(record.verificationCode && proof.verificationUrl
        ? { verification: { code: record.verificationCode, url: proof.verificationUrl } }
        : {}),
    });
    await this.proofs.save(examId, attempt, pdf);
  }
}
