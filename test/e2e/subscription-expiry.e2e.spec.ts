import { join } from 'node:path';
import { SqliteEventStore } from '../../libs/event-store/src';
import { until } from '../support/event-log';
import { graphql } from '../support/graphql';
import { admin, coach } from '../support/people';
import { enroll } from '../support/scenario';
import { startTestApp, TestApp } from '../support/test-app';

/** DOMAIN.md, "Learner access": when access runs out, a scheduled job records SubscriptionEnded; nothing is deleted. */
describe('subscription expiry', () => {
  let t: TestApp;
  beforeAll(async () => {
    process.env.SUBSCRIPTION_EXPIRY_INTERVAL_MS = '100';
    t = await startTestApp();
  });
  afterAll(async () => {
    delete process.env.SUBSCRIPTION_EXPIRY_INTERVAL_MS;
    await t.close();
  });

  it('records SubscriptionEnded once when access runs out; the learner can no longer upload, and keeps what was uploaded', async () => {
    const { api } = t;
    const who = { role: 'learner' as const, id: 'learner-expiring' };
    const examId = 'exam-expiring';
    await enroll(api, { examId, learnerId: who.id, earlyReleaseAllowed: true });
    await api.post(`/api/exams/${examId}/release`, coach, { early: true });
    const validUntil = new Date(Date.now() + 1500).toISOString();
    expect((await api.post(`/api/learners/${who.id}/subscriptions`, admin, { validUntil })).status).toBe(200);
    expect((await api.post(`/api/exams/${examId}/start`, who)).status).toBe(200);
    const upload = await api.upload(examId, who, { name: 'draft.pdf', type: 'application/pdf', content: Buffer.from('draft') });
    expect(upload.status).toBe(201);

    const events = SqliteEventStore.open(join(t.dataDir, 'events.sqlite'));
    try {
      const ended = await until(async () => {
        const stream = await events.readStream(`learner-${who.id}`);
        return stream.some((e) => e.type === 'SubscriptionEnded') ? stream : undefined;
      }, 10_000);
      const endedEvent = ended.find((e) => e.type === 'SubscriptionEnded')!;
      expect(endedEvent.data).toMatchObject({ learnerId: who.id, validUntil });
      expect(endedEvent.metadata).toMatchObject({ actorId: 'system:subscription-expiry' });
      await new Promise((r) => setTimeout(r, 400)); // several more job runs
      const again = await events.readStream(`learner-${who.id}`);
      expect(again.filter((e) => e.type === 'SubscriptionEnded')).toHaveLength(1);
    } finally {
      await events.close();
    }

    const refused = await api.upload(examId, who, { name: 'more.pdf', type: 'application/pdf', content: Buffer.from('more') });
    expect(refused).toMatchObject({ status: 409, body: { code: 'ACCESS_INACTIVE' } });
    expect((await api.post(`/api/exams/${examId}/hand-in`, who)).body.code).toBe('ACCESS_INACTIVE');
    const read = await graphql(api, who, '{ myAccess { active } myExams { files { name } canHandIn } }');
    expect(read.body.data).toEqual({ myAccess: { active: false }, myExams: [{ files: [{ name: 'draft.pdf' }], canHandIn: false }] });
  }, 20_000);
});
