import { Facts } from '@exam/application';
import { Actor, isInScope, RegisteredExam } from '@exam/domain';
import { ApiError } from '../http/api-error';

/**
 * The PDF download and the credential share one rule (CONTRACT.md): out of scope reads as 404,
 * a proof exists only for a passed exam (409 NOT_PASSED), and only once it was issued (404).
 */
export async function examWithIssuedProof(facts: Facts, actor: Actor, examId: string): Promise<RegisteredExam> {
  const exam = await facts.exam(examId);
  if (!exam || !isInScope(actor, exam)) throw new ApiError(404, 'NOT_FOUND', 'exam not found');
  if (exam.status !== 'PASSED') throw new ApiError(409, 'NOT_PASSED', 'a proof of participation exists only for a passed exam');
  if (!exam.proofOfParticipationIssuedAt) throw new ApiError(404, 'NOT_FOUND', 'no proof of participation was issued yet');
  return exam;
}
