import { Facts } from '@exam/application';
import { ProofOfParticipationIssued } from '@exam/domain';
import { RecordedEvent } from '@exam/event-store';
import { isExamEvent } from '@exam/projections';
import { Job } from '@exam/jobs';
import { renderPdf } from './minimal-pdf';
import { ProofStore } from './proof-store';

export const RENDER_PROOF = 'render-proof-of-participation';

/** The job an event asks for, keyed by the event id (a redelivered event asks for the same job). */
export function proofJobFor(event: RecordedEvent): Job | undefined {
  if (!isExamEvent(event) || event.type !== 'ProofOfParticipationIssued') return undefined;
  return { id: event.id, name: RENDER_PROOF, payload: { ...event.data } };
}

/**
 * DOMAIN.md step 12: a PDF naming learner, program, institution, date and grade.
 * Idempotent: a redelivered event renders the same attempt's PDF again.
 */
export class RenderProofOfParticipation {
  constructor(
    private readonly facts: Facts,
    private readonly proofs: ProofStore,
  ) {}

  async handle(job: Job): Promise<void> {
    const { examId, attempt, issuedAt } = job.payload as ProofOfParticipationIssued['data'];
    const exam = await this.facts.exam(examId);
    if (!exam?.assessment?.passed || exam.attempt !== attempt) return; // a later resit superseded it; nothing to render
    const program = await this.facts.program(exam.programId);
    const { grade } = exam.assessment;
    const gradeText = grade.numeric !== undefined ? grade.numeric.toFixed(1) : (grade.rating ?? '');
    const pdf = renderPdf(`Proof of participation - ${program.title}`, [
      { text: 'Proof of participation', size: 24 },
      { text: `Learner: ${exam.learnerId}`, size: 13 },
      { text: `Learning program: ${program.title}`, size: 13 },
      { text: `Institution: ${exam.institutionId}`, size: 13 },
      { text: `Date: ${issuedAt.slice(0, 10)}`, size: 13 },
      { text: `Grade: ${gradeText} (passed)`, size: 13 },
      { text: `Exam ${examId}, attempt ${attempt}`, size: 9 },
    ]);
    await this.proofs.save(examId, attempt, pdf);
  }
}
