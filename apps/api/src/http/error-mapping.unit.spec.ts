import { AppendTooLarge } from '@exam/event-store';
import { toErrorBody } from './error-mapping';

describe('error mapping', () => {
  it("answers a batch over the event store's append size limit with 413 FILE_TOO_LARGE, not 500", () => {
    expect(toErrorBody(new AppendTooLarge('exam-1', 1024 * 1024))).toEqual({
      statusCode: 413,
      code: 'FILE_TOO_LARGE',
      message: expect.stringContaining('more data than the event store accepts'),
    });
  });
});
