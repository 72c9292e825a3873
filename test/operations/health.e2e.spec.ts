import { READ_MODEL_STORE } from '../../libs/infrastructure/src';
import { ReadModelStore } from '../../libs/read-models/src';
import { startTestApp, TestApp } from '../support/test-app';

/** Issue 13: health answers in Terminus' shape, failures included (they were JSON inside `message`). */
describe('health checks', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ withWorker: false })));
  afterAll(() => t.close());

  it("answers 503 with Terminus' body naming the failing check once a store stops answering", async () => {
    const ready = await t.api.call('GET', '/health/ready');
    expect(ready).toMatchObject({ status: 200, body: { status: 'ok', error: {}, info: { readModels: { status: 'up' } } } });

    await t.app.get<ReadModelStore>(READ_MODEL_STORE).close();
    const failing = await t.api.call('GET', '/health/ready');
    expect(failing.status).toBe(503);
    expect(failing.body).toMatchObject({
      status: 'error',
      code: 'NOT_READY',
      info: { eventStore: { status: 'up' } },
      error: { readModels: { status: 'down', message: expect.any(String) } },
      details: { eventStore: { status: 'up' }, readModels: { status: 'down' } },
    });
    expect(failing.body.message).toBe('not ready: readModels');
    expect(Object.keys(failing.body.info)).not.toContain('readModels');

    expect(await t.api.call('GET', '/health/live')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });
});
