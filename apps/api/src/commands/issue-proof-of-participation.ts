import { EmptyBody } from '../http/command-route';
import { examSlice } from './slice/command-slice';

/** DOMAIN.md step 12: the PDF is rendered by a job that follows the event. */
export const issueProofOfParticipation = examSlice({
  command: 'IssueProofOfParticipation',
  route: {
    method: 'POST',
    path: 'exams/:id/proof-of-participation',
    status: 202,
    tag: 'proof of participation',
    operation: 'issue',
    event: 'ProofOfParticipationIssued',
    summary: 'Issue the proof of participation (only after a pass); the PDF follows shortly',
  },
  body: EmptyBody,
  gather: (_exam, { envelope: { now } }) => ({ type: 'IssueProofOfParticipation', now }),
});
