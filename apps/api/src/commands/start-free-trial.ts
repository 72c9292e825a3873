import { EmptyBody } from '../http/command-route';
import { learnerSlice } from './slice/command-slice';

/** DOMAIN.md "Learner access": once in a lifetime, 10 days. */
export const startFreeTrial = learnerSlice({
  command: 'StartFreeTrial',
  route: {
    method: 'POST',
    path: 'learners/:id/trial',
    status: 200,
    tag: 'learner access',
    operation: 'start',
    event: 'FreeTrialStarted',
    summary: 'Start the one-time 10-day free trial',
  },
  body: EmptyBody,
  toCommand: (learnerId, { envelope: { now } }) => ({ type: 'StartFreeTrial', learnerId, now }),
});
