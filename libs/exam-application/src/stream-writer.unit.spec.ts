/**
 * The one write path, in milliseconds on the in-memory store: conflict retry, idempotent retries,
 * racing twins, and the per-exam hash chain continuing across commands.
 */
import { GENESIS_HASH, verifyChain } from '@exam/audit';
import { ExamCommand, examDecider, ExamEvent, learnerAccessDecider } from '@exam/domain';
import { examStream, InMemoryEventStore, learnerStream, NewEvent } from '@exam/event-store';
import { ApplicationError } from './application-error';
import { StreamWriter } from './stream-writer';
import { ADMIN, awardXp, envelope, NOW, registerExam } from './testing/write-fixtures';

const EXAM = examStream('exam-1');
const register = registerExam();
const xp = (amount: number) => awardXp(amount);

/** An event another process appends behind the writer's back (same shape as the writer's own). */
function rivalXp(id: string): NewEvent {
  return {
    id,
    type: 'XpAwarded',
    data: { examId: 'exam-1', amount: 1, source: 'rival', totalXp: 1 },
    metadata: { actorId: 'rival', actorRole: 'admin', occurredAt: NOW, correlationId: 'x', causationId: 'x', schemaVersion: 1 },
  };
}

describe('StreamWriter.handle', () => {
  let store: InMemoryEventStore;
  let writer: StreamWriter;
  beforeEach(() => {
    store = new InMemoryEventStore();
    writer = new StreamWriter(store);
  });
  afterEach(() => store.close());

  it('reads, decides and appends with the revision it read, answering id, revision and position', async () => {
    const first = await writer.handle(examDecider, EXAM, register, envelope());
    const second = await writer.handle(examDecider, EXAM, xp(40), envelope());
    expect(first).toMatchObject({ id: 'exam-1', revision: 0 });
    expect(second).toMatchObject({ id: 'exam-1', revision: 1, events: [{ type: 'XpAwarded', data: { totalXp: 40 } }] });
    expect(Number(second.position)).toBeGreaterThan(Number(first.position));
  });

  it('refuses by the rules and writes nothing', async () => {
    await writer.handle(examDecider, EXAM, register, envelope());
    await expect(writer.handle(examDecider, EXAM, register, envelope())).rejects.toMatchObject({ code: 'EXAM_ALREADY_REGISTERED' });
    expect(await store.readStream(EXAM)).toHaveLength(1);
  });

  it('records nothing for an accepted no-op and answers where the stream stands', async () => {
    const outcome = await writer.handle(
      learnerAccessDecider,
      learnerStream('l-1'),
      { type: 'EndSubscription', learnerId: 'l-1', now: NOW },
      envelope(),
    );
    expect(outcome).toEqual({ id: 'l-1', revision: -1, position: '0', events: [] });
  });

  it('after a conflict reads again and decides again, with the facts gathered again', async () => {
    await writer.handle(examDecider, EXAM, register, envelope());
    let gathered = 0;
    const outcome = await writer.handle(
      examDecider,
      EXAM,
      async (exam) => {
        gathered++;
        if (gathered === 1) await store.append(EXAM, [rivalXp('00000000-0000-4000-8000-000000000001')], 0); // the rival wins the race
        return { ...xp(10), amount: exam.registered ? 10 : 0 };
      },
      envelope(),
    );
    expect(gathered).toBe(2);
    expect(outcome.revision).toBe(2);
    expect(outcome.events).toEqual([{ type: 'XpAwarded', data: { examId: 'exam-1', amount: 10, source: 'assignment', totalXp: 11 } }]);
  });

  it('commands on one stream take turns in one process: twenty racing awards all land, none conflicts', async () => {
    await writer.handle(examDecider, EXAM, register, envelope());
    const append = jest.spyOn(store, 'append');

    const outcomes = await Promise.all(Array.from({ length: 20 }, () => writer.handle(examDecider, EXAM, xp(1), envelope())));

    expect(append).toHaveBeenCalledTimes(20); // no append was refused and retried
    expect(outcomes.map((outcome) => outcome.revision).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect((await store.readStream(EXAM)).at(-1)).toMatchObject({ data: { totalXp: 20 } });
  });

  it('commands from two processes still meet at the expected revision: both racing awards land', async () => {
    await writer.handle(examDecider, EXAM, register, envelope());
    const otherProcess = new StreamWriter(store);

    const outcomes = await Promise.all([
      writer.handle(examDecider, EXAM, xp(2), envelope()),
      otherProcess.handle(examDecider, EXAM, xp(3), envelope()),
    ]);

    expect(outcomes.map((outcome) => outcome.revision).sort()).toEqual([1, 2]);
    expect((await store.readStream(EXAM)).at(-1)).toMatchObject({ data: { totalXp: 5 } });
  });

  describe('deciding on what it last folded, without reading the stream', () => {
    const sample: ExamCommand = { type: 'StartSample', now: NOW };
    const assess: ExamCommand = {
      type: 'AssessSample',
      now: NOW,
      outcome: 'rejected',
      feedback: [{ assignmentId: 'a-1', comment: 'more' }],
    };
    const view: ExamCommand = { type: 'ViewSampleFeedback', now: NOW };
    let otherProcess: StreamWriter;
    beforeEach(async () => {
      otherProcess = new StreamWriter(store);
      await writer.handle(examDecider, EXAM, register, envelope());
    });

    it('does not read a stream it has folded', async () => {
      const readStream = jest.spyOn(store, 'readStream');
      await writer.handle(examDecider, EXAM, xp(1), envelope());
      await writer.handle(examDecider, EXAM, xp(1), envelope());
      expect(readStream).not.toHaveBeenCalled();
    });

    it('when another process appended meanwhile, the append conflicts and it decides again on what it then reads', async () => {
      await otherProcess.handle(examDecider, EXAM, xp(3), envelope());
      const seen: number[] = [];
      const outcome = await writer.handle(
        examDecider,
        EXAM,
        (exam) => {
          seen.push(exam.registered ? exam.xp : -1);
          return xp(2);
        },
        envelope(),
      );
      expect(seen).toEqual([0, 3]);
      expect(outcome).toMatchObject({ revision: 2, events: [{ data: { totalXp: 5 } }] });
    });

    it('answers a refusal only once a read shows the stream as it decided on: a rule another process met since is seen', async () => {
      await otherProcess.handle(examDecider, EXAM, sample, envelope());
      const outcome = await writer.handle(examDecider, EXAM, assess, envelope()); // refused on what it remembers: no sample in review
      expect(outcome.events).toMatchObject([{ type: 'SampleAssessed', data: { sampleNumber: 1 } }]);
    });

    it('answers a no-op only once a read shows the stream as it decided on', async () => {
      for (const command of [sample, assess, view]) await writer.handle(examDecider, EXAM, command, envelope());
      for (const command of [sample, assess]) await otherProcess.handle(examDecider, EXAM, command, envelope()); // a second sample, assessed
      const outcome = await writer.handle(examDecider, EXAM, view, envelope()); // a no-op on what it remembers: feedback viewed
      expect(outcome.events).toMatchObject([{ type: 'SampleFeedbackViewed', data: { sampleNumber: 2 } }]);
    });
  });

  it('of two racing registrations one wins; the other is decided again and refused by the rules, never written twice', async () => {
    const results = await Promise.allSettled([
      writer.handle(examDecider, EXAM, register, envelope()),
      writer.handle(examDecider, EXAM, register, envelope()),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected');
    expect(refused?.status === 'rejected' && refused.reason).toMatchObject({ code: 'EXAM_ALREADY_REGISTERED' });
    expect(await store.readStream(EXAM)).toHaveLength(1);
  });

  it('two racing commands that both may happen are both written, one after the other', async () => {
    await writer.handle(examDecider, EXAM, register, envelope());
    const [a, b] = await Promise.all([
      writer.handle(examDecider, EXAM, xp(1), envelope()),
      writer.handle(examDecider, EXAM, xp(2), envelope()),
    ]);
    expect([a.revision, b.revision].sort()).toEqual([1, 2]);
    const totals = (await store.readStream<ExamEvent>(EXAM)).map((e) => (e.type === 'XpAwarded' ? e.data.totalXp : 0));
    expect(totals[2]).toBe(3);
  });

  it('gives up after five conflicts in a row with CONCURRENCY_CONFLICT', async () => {
    await writer.handle(examDecider, EXAM, register, envelope());
    let rivals = 0;
    const racing = writer.handle(
      examDecider,
      EXAM,
      async () => {
        rivals++;
        await store.append(EXAM, [rivalXp(`00000000-0000-4000-8000-00000000000${rivals}`)], 'any');
        return xp(1);
      },
      envelope(),
    );
    await expect(racing).rejects.toEqual(new ApplicationError('CONCURRENCY_CONFLICT', 'the exam changed while this command ran; retry'));
    expect(rivals).toBe(5);
  });

  describe('Idempotency-Key', () => {
    const keyed = (requestHash: string, actor = ADMIN) =>
      envelope({ idempotencyKey: '7d3c4ad4-6b8e-4c55-9a43-1f0c1f8e5a11', requestHash, actor });

    it('a retry answers the first answer and writes nothing', async () => {
      const first = await writer.handle(examDecider, EXAM, register, keyed('body-1'));
      const retry = await writer.handle(examDecider, EXAM, register, keyed('body-1'));
      expect(retry).toMatchObject({
        id: 'exam-1',
        revision: first.revision,
        position: first.position,
        events: [{ type: 'ExamRegistered' }],
      });
      expect(await store.readStream(EXAM)).toHaveLength(1);
    });

    it('the same key with another body is IDEMPOTENCY_KEY_REUSED', async () => {
      await writer.handle(examDecider, EXAM, register, keyed('body-1'));
      await expect(writer.handle(examDecider, EXAM, xp(5), keyed('body-2'))).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    });

    it('the same key from another actor is another request', async () => {
      await writer.handle(examDecider, EXAM, register, keyed('body-1'));
      const other = await writer.handle(examDecider, EXAM, xp(5), keyed('body-2', { id: 'admin-2', role: 'admin' }));
      expect(other.revision).toBe(1);
    });

    it('racing twins with one key and one body: one write, both answer it', async () => {
      const [a, b] = await Promise.all([
        writer.handle(examDecider, EXAM, register, keyed('body-1')),
        writer.handle(examDecider, EXAM, register, keyed('body-1')),
      ]);
      expect(a).toMatchObject({ revision: 0, position: b.position });
      expect(b.revision).toBe(0);
      expect(await store.readStream(EXAM)).toHaveLength(1);
    });

    it('racing twins with one key and different bodies: the second is IDEMPOTENCY_KEY_REUSED', async () => {
      const results = await Promise.allSettled([
        writer.handle(examDecider, EXAM, register, keyed('body-1')),
        writer.handle(examDecider, EXAM, { ...register, coachId: 'c-2' }, keyed('body-2')),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
      expect(results[1].status === 'rejected' && results[1].reason).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
      const stored = await store.readStream<ExamEvent>(EXAM);
      expect(stored.map((e) => e.type === 'ExamRegistered' && e.data.coachId)).toEqual(['c-1']);
    });
  });

  describe('the audit hash chain (CONTRACT.md "Audit")', () => {
    it('links every exam event to the one before, across commands, and verifies', async () => {
      await writer.handle(examDecider, EXAM, register, envelope());
      await writer.handle(examDecider, EXAM, xp(10), envelope());
      await writer.handle(examDecider, EXAM, xp(20), envelope());
      const events = await store.readStream(EXAM);
      expect(events[0].metadata.prevHash).toBe(GENESIS_HASH);
      expect(events[1].metadata.prevHash).toBe(events[0].metadata.hash);
      expect(events[2].metadata.prevHash).toBe(events[1].metadata.hash);
      expect(verifyChain(events)).toMatchObject({ valid: true, checked: 3 });
    });

    it('is for exam streams only', async () => {
      await writer.handle(learnerAccessDecider, learnerStream('l-1'), { type: 'StartFreeTrial', learnerId: 'l-1', now: NOW }, envelope());
      const [trial] = await store.readStream(learnerStream('l-1'));
      expect(trial.metadata.hash).toBeUndefined();
    });
  });

  it('records who, when and why in the metadata, and drops undefined members as stored', async () => {
    await writer.handle(examDecider, EXAM, register, envelope({ correlationId: 'corr-9', causationId: 'req-9' }));
    const [registered] = await store.readStream(EXAM);
    expect(registered.metadata).toMatchObject({
      actorId: 'admin-1',
      actorRole: 'admin',
      occurredAt: NOW,
      correlationId: 'corr-9',
      causationId: 'req-9',
      schemaVersion: 1,
    });
    await writer.handle(examDecider, EXAM, { type: 'AssignAssessor', now: NOW, assessorId: 'a-1' }, envelope());
    expect(Object.keys((await store.readStream(EXAM))[1].data)).toEqual(['examId', 'assessorId', 'assignedAt']);
  });
});
