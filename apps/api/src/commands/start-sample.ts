import { EmptyBody } from '../http/command-route';
import { examSlice } from './slice/command-slice';

export const startSample = examSlice('StartSample', EmptyBody, {
  gather: (_exam, { envelope: { now } }) => ({ type: 'StartSample', now }),
  route: 'POST exams/:id/sample/start → 200',
  api: ['sample', 'start', 'SampleStarted'],
  summary: 'Start a sample',
});
