import { newVerificationCode } from '@exam/proof-of-participation';
import { EmptyBody } from '../http/command-route';
import { examSlice } from './slice/command-slice';

/** DOMAIN.md step 12: the PDF is rendered by a job that follows the event. */
export const issueProofOfParticipation = examSlice('IssueProofOfParticipation', EmptyBody, {
  // The code is drawn here, not in the decider (pure); a retried command finds the proof issued and records nothing.
  gather: (_exam, { envelope: { now } }) => ({ type: 'IssueProofOfParticipation', now, verificationCode: newVerificationCode() }),
  route: 'POST exams/:id/proof-of-participation → 202',
  api: ['proof of participation', 'issue', 'ProofOfParticipationIssued'],
  summary: 'Issue the proof of participation (only after a pass); the PDF follows shortly',
});
