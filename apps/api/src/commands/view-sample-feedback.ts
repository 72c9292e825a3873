import { EmptyBody } from '../http/command-route';
import { examSlice } from './slice/command-slice';

/** Recorded once per sample, so the coach sees the learner read it. */
export const viewSampleFeedback = examSlice('ViewSampleFeedback', EmptyBody, {
  gather: (_exam, { envelope: { now } }) => ({ type: 'ViewSampleFeedback', now }),
  route: 'POST exams/:id/sample/feedback-viewed → 200',
  api: ['sample', 'viewed', 'SampleFeedbackViewed'],
  summary: "Record that the learner checked the coach's sample feedback",
});
