import { examDecider, ExamStatus, Program, RegisteredExam, wouldAccept } from '@exam/domain';

/** The exam as every client sees it: the fields of CONTRACT.md's GraphQL `type Exam`. */
export interface ExamView {
  id: string;
  learnerId: string;
  coachId: string;
  assessorId: string | null;
  institutionId: string;
  programId: string;
  programTitle: string;
  status: ExamStatus;
  attempt: number;
  xp: number;
  xpRequired: number;
  sample: { number: number; outcome: string | null; feedback: { assignmentId: string; comment: string }[]; feedbackViewed: boolean } | null;
  components: { id: string; title: string; instructions: string; indicativeMinutes: number }[];
  files: { id: string; name: string; size: number; mediaType: string; sha256: string; componentId: string | null; uploadedAt: string }[];
  videoLinks: { url: string; title: string }[];
  handedInAt: string | null;
  nextPart: { partTitle: string; note: string | null; scheduledAt: string | null } | null;
  assessment: { numeric: number | null; rating: string | null; passed: boolean; feedback: string; publishedAt: string } | null;
  canHandIn: boolean;
  proofOfParticipationAvailable: boolean;
  revision: number;
}

export interface ExamViewFacts {
  /** The instant the view shows (now, or an audit's asOf); `accessActive` is as of then. */
  asOf: string;
  revision: number;
  /** The program as it is now; an exam of an undefined program shows its id as title. */
  program: Program | undefined;
  accessActive: boolean;
  proofRendered: boolean;
}

/** One mapping for GraphQL and the audit's point-in-time state, so both show the same exam. */
export function toExamView(exam: RegisteredExam, facts: ExamViewFacts): ExamView {
  const { program } = facts;
  return {
    id: exam.examId,
    learnerId: exam.learnerId,
    coachId: exam.coachId,
    assessorId: exam.assessorId ?? null,
    institutionId: exam.institutionId,
    programId: exam.programId,
    programTitle: program?.title ?? exam.programId,
    status: exam.status,
    attempt: exam.attempt,
    xp: exam.xp,
    xpRequired: program?.xpRequired ?? 0,
    sample: exam.sample
      ? {
          number: exam.sample.number,
          outcome: exam.sample.outcome ?? null,
          feedback: exam.sample.feedback.map(({ assignmentId, comment }) => ({ assignmentId, comment })),
          feedbackViewed: exam.sample.feedbackViewed,
        }
      : null,
    components: (program?.components ?? []).map(({ id, title, instructions, indicativeMinutes }) => ({
      id,
      title,
      instructions,
      indicativeMinutes,
    })),
    files: exam.files.map((f) => ({
      id: f.fileId,
      name: f.name,
      size: f.size,
      mediaType: f.mediaType,
      sha256: f.sha256,
      componentId: f.componentId ?? null,
      uploadedAt: f.uploadedAt,
    })),
    videoLinks: exam.videoLinks.map(({ url, title }) => ({ url, title })),
    handedInAt: exam.handedInAt ?? null,
    nextPart: exam.nextPart
      ? { partTitle: exam.nextPart.partTitle, note: exam.nextPart.note ?? null, scheduledAt: exam.nextPart.scheduledAt ?? null }
      : null,
    assessment: exam.assessment
      ? {
          numeric: exam.assessment.grade.numeric ?? null,
          rating: exam.assessment.grade.rating ?? null,
          passed: exam.assessment.passed,
          feedback: exam.assessment.feedback,
          publishedAt: exam.assessment.publishedAt,
        }
      : null,
    canHandIn: canHandIn(exam, facts),
    proofOfParticipationAvailable: exam.status === 'PASSED' && exam.proofOfParticipationIssuedAt !== undefined && facts.proofRendered,
    revision: facts.revision,
  };
}

/**
 * Asks the domain instead of restating DOMAIN.md step 8: a dry run of `handIn` on this state. The
 * read side cannot re-hash stored bytes, so it assumes every recorded file landed whole; the
 * hand-in itself checks that again.
 */
function canHandIn(exam: RegisteredExam, facts: ExamViewFacts): boolean {
  const verifiedFileIds = exam.files.map((f) => f.fileId);
  return wouldAccept(examDecider, { type: 'HandInExam', now: facts.asOf, accessActive: facts.accessActive, verifiedFileIds }, exam);
}
