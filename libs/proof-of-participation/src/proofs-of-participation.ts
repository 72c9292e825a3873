import { Facts } from '@exam/application';
import { ExamEvent } from '@exam/domain';
import { EventStore, examStream } from '@exam/event-store';
import { examChainVerdict, PROOF_VERIFICATIONS, ProofVerificationDocument } from '@exam/projections';
import { ReadModelStore } from '@exam/read-models';
import { ProofNames } from './proof-names';
import { gradeText, ofAttempt, ProofRecord, proofRecordIn, withCode } from './proof-record';
import { isVerificationCode, verificationUrl } from './verification-code';

/** A proof as people read it: the record with the names and the program's title. */
export interface DescribedProof {
  record: ProofRecord;
  learnerName: string | null;
  programTitle: string;
  institutionName: string | null;
  /** Absent only for proofs issued before verification codes existed. */
  verificationUrl?: string;
}

/** CONTRACT.md: the answer of `GET /api/verify/:code`. */
export interface ProofVerification {
  valid: boolean;
  learnerName: string | null;
  programTitle: string;
  institutionName: string | null;
  issuedAt: string;
  grade: string;
  examId: string;
  attempt: number;
  assessmentEventHash: string | null;
  chainValid: boolean;
}

/**
 * Proofs of participation read from the event log: what the PDF, the public verification and the
 * credential say comes from one place, so they can never disagree.
 */
export class ProofsOfParticipation {
  constructor(
    private readonly store: EventStore,
    private readonly readModels: ReadModelStore,
    private readonly facts: Facts,
    private readonly names: ProofNames,
    private readonly publicBaseUrl: string,
  ) {}

  /** The proof issued for this attempt of the exam, if one was. */
  async ofAttempt(examId: string, attempt: number): Promise<DescribedProof | undefined> {
    const record = proofRecordIn(await this.store.readStream<ExamEvent>(examStream(examId)), ofAttempt(attempt));
    return record && this.described(record);
  }

  /**
   * The public check: the code is found through its index, then proved on the exam's own stream
   * (the code must be in its ProofOfParticipationIssued event) and its recomputed hash chain.
   * Undefined for a code that is malformed or was never issued.
   */
  async verify(code: string): Promise<ProofVerification | undefined> {
    if (!isVerificationCode(code)) return undefined;
    const indexed = await this.readModels.collection<ProofVerificationDocument>(PROOF_VERIFICATIONS).get(code);
    if (!indexed) return undefined;
    const events = await this.store.readStream<ExamEvent>(examStream(indexed.examId));
    const record = proofRecordIn(events, withCode(code));
    if (!record) return undefined;
    const [proof, chain] = await Promise.all([this.described(record), examChainVerdict(events, this.readModels)]);
    return {
      valid: record.passed && chain.valid,
      learnerName: proof.learnerName,
      programTitle: proof.programTitle,
      institutionName: proof.institutionName,
      issuedAt: record.issuedAt,
      grade: gradeText(record.grade),
      examId: record.examId,
      attempt: record.attempt,
      assessmentEventHash: record.assessmentEventHash,
      chainValid: chain.valid,
    };
  }

  private async described(record: ProofRecord): Promise<DescribedProof> {
    const [program, learnerName, institutionName] = await Promise.all([
      this.facts.program(record.programId),
      this.names.learnerName(record.learnerId),
      this.names.institutionName(record.institutionId),
    ]);
    return {
      record,
      learnerName,
      programTitle: program.title,
      institutionName,
      ...(record.verificationCode ? { verificationUrl: verificationUrl(this.publicBaseUrl, record.verificationCode) } : {}),
    };
  }
}
