import { EmptyBody } from '../http/command-route';
import { examSlice } from './slice/command-slice';

/** DOMAIN.md step 12: the PDF is rendered by a job that follows the event. */
export const issueProofOfParticipation = examSlice('IssueProofOfParticipation', EmptyBody, {
  gather: (_exam, { envelope: { now } }) => ({ type: 'IssueProofOfParticipation', now }),
  route: 'POST exams/:id/proof-of-participation → 202',
  api: ['proof of participation', 'issue', 'ProofOfParticipationIssued'],
  summary: 'Issue the proof of participation (only after a pass); the PDF follows shortly',
});
