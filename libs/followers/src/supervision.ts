import { JobCounts } from '@exam/jobs';

/** The message `npm start`'s api process sends its supervised followers' process after a commit. */
export const APPENDED_MESSAGE = 'appended';

/** The supervisor asks its followers' process for the job queue's counts (for /metrics) ... */
export interface JobCountsRequest {
  type: 'job-counts?';
  id: number;
}
/** ... and it answers with them (null: not leading, no queue running). */
export interface JobCountsAnswer {
  type: 'job-counts';
  id: number;
  counts: JobCounts | null;
}

export function isJobCountsRequest(message: unknown): message is JobCountsRequest {
  return typeof message === 'object' && message !== null && 'type' in message && message.type === 'job-counts?' && 'id' in message;
}

export function isJobCountsAnswer(message: unknown): message is JobCountsAnswer {
  return typeof message === 'object' && message !== null && 'type' in message && message.type === 'job-counts' && 'id' in message;
}
