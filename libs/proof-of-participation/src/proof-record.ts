import { AssessmentPublished, ExamEvent, ExamRegistered, Grade, ProofOfParticipationIssued } from '@exam/domain';
import { RecordedEvent } from '@exam/event-store';

/**
 * What one proof of participation attests, read from the exam's own stream: the proof event and the
 * assessment it rests on (the attempt's last AssessmentPublished before it; a missing-file reopening
 * may publish an attempt's assessment again). Its hash ties the proof to the audit chain.
 */
export interface ProofRecord {
  examId: string;
  attempt: number;
  issuedAt: string;
  verificationCode?: string;
  learnerId: string;
  programId: string;
  institutionId: string;
  grade: Grade;
  passed: boolean;
  assessmentEventHash: string | null;
}

export type ProofMatch = (proof: ProofOfParticipationIssued['data']) => boolean;

export const withCode =
  (code: string): ProofMatch =>
  (proof) =>
    proof.verificationCode === code;
export const ofAttempt =
  (attempt: number): ProofMatch =>
  (proof) =>
    proof.attempt === attempt;

export function proofRecordIn(events: RecordedEvent<ExamEvent>[], isTheProof: ProofMatch): ProofRecord | undefined {
  let registered: ExamRegistered['data'] | undefined;
  const assessments = new Map<number, { data: AssessmentPublished['data']; hash: string | null }>();
  for (const event of events) {
    if (event.type === 'ExamRegistered') registered = event.data;
    if (event.type === 'AssessmentPublished') assessments.set(event.data.attempt, { data: event.data, hash: event.metadata.hash ?? null });
    if (event.type !== 'ProofOfParticipationIssued' || !isTheProof(event.data)) continue;
    const assessment = assessments.get(event.data.attempt);
    if (!registered || !assessment) return undefined;
    const { examId, attempt, issuedAt, verificationCode } = event.data;
    return {
      examId,
      attempt,
      issuedAt,
      ...(verificationCode ? { verificationCode } : {}),
      learnerId: registered.learnerId,
      programId: registered.programId,
      institutionId: registered.institutionId,
      grade: assessment.data.grade,
      passed: assessment.data.passed,
      assessmentEventHash: assessment.hash,
    };
  }
  return undefined;
}

/** The grade as people read it on the proof: a number with one decimal, or the rating's word. */
export function gradeText(grade: Grade): string {
  return grade.numeric !== undefined ? grade.numeric.toFixed(1) : (grade.rating ?? '');
}
