import { EmptyBody } from '../http/command-route';
import { examSlice } from './slice/command-slice';

/** Recorded once per sample, so the coach sees the learner read it. */
export const viewSampleFeedback = examSlice({
  command: 'ViewSampleFeedback',
  route: {
    method: 'POST',
    path: 'exams/:id/sample/feedback-viewed',
    status: 200,
    tag: 'sample',
    operation: 'viewed',
    event: 'SampleFeedbackViewed',
    summary: "Record that the learner checked the coach's sample feedback",
  },
  body: EmptyBody,
  gather: (_exam, { envelope: { now } }) => ({ type: 'ViewSampleFeedback', now }),
});
