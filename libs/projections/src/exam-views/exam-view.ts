import { ExamStatus, Program, RegisteredExam } from '@exam/domain';

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
    // DOMAIN.md step 8: in progress, something to hand in, and active access.
    canHandIn: exam.status === 'IN_PROGRESS' && exam.files.length + exam.videoLinks.length > 0 && facts.accessActive,
    proofOfParticipationAvailable: exam.status === 'PASSED' && exam.proofOfParticipationIssuedAt !== undefined && facts.proofRendered,
    revision: facts.revision,
  };
}
