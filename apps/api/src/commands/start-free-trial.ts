import { EmptyBody } from '../http/command-route';
import { learnerSlice } from './slice/command-slice';

/** DOMAIN.md "Learner access": once in a lifetime, 10 days. */
export const startFreeTrial = learnerSlice('StartFreeTrial', EmptyBody, {
  toCommand: (learnerId, { envelope: { now } }) => ({ type: 'StartFreeTrial', learnerId, now }),
  route: 'POST learners/:id/trial → 200',
  api: ['learner access', 'start', 'FreeTrialStarted'],
  summary: 'Start the one-time 10-day free trial',
});
