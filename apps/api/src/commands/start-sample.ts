import { EmptyBody } from '../http/command-route';
import { examSlice } from './slice/command-slice';

export const startSample = examSlice({
  command: 'StartSample',
  route: {
    method: 'POST',
    path: 'exams/:id/sample/start',
    status: 200,
    tag: 'sample',
    operation: 'start',
    event: 'SampleStarted',
    summary: 'Start a sample',
  },
  body: EmptyBody,
  gather: (_exam, { envelope: { now } }) => ({ type: 'StartSample', now }),
});
