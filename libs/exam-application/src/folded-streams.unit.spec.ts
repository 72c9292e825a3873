/**
 * The folded-state cache is only an optimisation: whatever commands run, from however many
 * writers sharing one store, with whatever cache size, a cached fold must equal a full fold of
 * the stream. States are deep-frozen, so a decide or evolve that mutated a cached state would throw.
 */
import fc from 'fast-check';
import { Decider, ExamCommand, examDecider, ExamEvent, ExamState, RuleViolation, stateOf } from '@exam/domain';
import { EventShape, examStream, InMemoryEventStore, StoredEvent } from '@exam/event-store';
import { Facts } from './facts';
import { FoldedStreams } from './folded-streams';
import { StreamWriter } from './stream-writer';
import { awardXp, envelope, NOW, registerExam } from './testing/write-fixtures';

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}

const frozenExamDecider: Decider<ExamState, ExamCommand, ExamEvent> = {
  ...examDecider,
  initialState: () => deepFreeze(examDecider.initialState()),
  evolve: (state, event) => deepFreeze(examDecider.evolve(state, event)),
};

const examIds = ['exam-1', 'exam-2', 'exam-3'];

const command: fc.Arbitrary<ExamCommand> = fc.oneof(
  fc.constant(registerExam()), // registers the step's exam: see `sent` below
  fc.integer({ min: 1, max: 50 }).map((amount) => awardXp(amount)),
  fc.constantFrom('assessor-1', 'assessor-2').map((assessorId): ExamCommand => ({ type: 'AssignAssessor', now: NOW, assessorId })),
  fc.constant<ExamCommand>({ type: 'StartSample', now: NOW }),
  fc
    .constantFrom('approved' as const, 'rejected' as const)
    .map((outcome): ExamCommand => ({ type: 'AssessSample', now: NOW, outcome, feedback: [{ assignmentId: 'a-1', comment: 'ok' }] })),
  fc.constant<ExamCommand>({ type: 'ViewSampleFeedback', now: NOW }),
);

const step = fc.record({
  writer: fc.nat({ max: 2 }),
  examId: fc.constantFrom(...examIds),
  command,
});

describe('FoldedStreams', () => {
  it('folds to the same state as a full fold, for any commands from several writers and any cache size', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 60 }), fc.integer({ min: 1, max: 4 }), async (steps, capacity) => {
        const store = new InMemoryEventStore();
        const caches = [0, 1, 2].map(() => new FoldedStreams(store, capacity));
        const writers = caches.map((cache) => new StreamWriter(store, cache));
        try {
          for (const { writer, examId, command } of steps) {
            const stream = examStream(examId);
            const sent = command.type === 'RegisterExam' ? { ...command, examId } : command;
            await writers[writer].handle(frozenExamDecider, stream, sent, envelope()).catch((error: unknown) => {
              if (!(error instanceof RuleViolation)) throw error;
            });
            for (const cache of caches) {
              const full = await store.readStream<ExamEvent>(stream);
              const cached = await cache.current(frozenExamDecider, stream);
              expect(cached.state).toEqual(stateOf(examDecider, full));
              const last = full.at(-1);
              expect(cached.tip).toEqual(last && { revision: last.revision, position: last.position, hash: last.metadata.hash });
            }
          }
        } finally {
          await store.close();
        }
      }),
      { numRuns: 60 },
    );
  });

  it('decides every command on a stream the same as on a full fold, for any commands from several writers whose caches fall behind', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 60 }), fc.integer({ min: 2, max: 4 }), async (steps, capacity) => {
        const store = new InMemoryEventStore();
        const writers = [0, 1, 2].map(() => new StreamWriter(store, new FoldedStreams(store, capacity)));
        const outcome = (decide: () => Promise<ExamEvent[]>) =>
          decide().then(
            (events) => ({ events }),
            (error: unknown) => {
              if (!(error instanceof RuleViolation)) throw error;
              return { refused: error.code };
            },
          );
        try {
          // Every writer folds every exam first, so later steps find caches that others' appends leave behind.
          for (const examId of examIds) {
            await writers[0].handle(frozenExamDecider, examStream(examId), registerExam(examId), envelope());
            for (const writer of writers) await writer.handle(frozenExamDecider, examStream(examId), awardXp(1), envelope());
          }
          for (const { writer, examId, command } of steps) {
            const stream = examStream(examId);
            const sent = command.type === 'RegisterExam' ? { ...command, examId } : command;
            const full = stateOf(examDecider, await store.readStream<ExamEvent>(stream));
            const expected = await outcome(async () => examDecider.decide(sent, full));
            const written = await outcome(async () => (await writers[writer].handle(frozenExamDecider, stream, sent, envelope())).events);
            expect(written).toEqual(expected);
          }
        } finally {
          await store.close();
        }
      }),
      { numRuns: 60 },
    );
  });

  it('reads a stream once, then decides on what it folded and appended without reading it again', async () => {
    const store = new InMemoryEventStore();
    const reads: number[] = [];
    let eventsRead = 0;
    const readStream = store.readStream.bind(store);
    store.readStream = async <E extends EventShape = StoredEvent>(stream: string, fromRevision?: number) => {
      reads.push(fromRevision ?? 0);
      const events = await readStream<E>(stream, fromRevision);
      eventsRead += events.length;
      return events;
    };
    const writer = new StreamWriter(store);
    const stream = examStream('exam-1');
    await writer.handle(examDecider, stream, registerExam(), envelope());
    for (let i = 0; i < 3; i++) await writer.handle(examDecider, stream, awardXp(1), envelope());

    expect(reads).toEqual([0]); // the first command found nothing to remember; the others decided on what it appended
    expect(eventsRead).toBe(0);
    await store.close();
  });

  it('gives the facts a command looks up from the same cache: the writer’s own appends are not read back, another writer’s are', async () => {
    const store = new InMemoryEventStore();
    const folded = new FoldedStreams(store);
    const writer = new StreamWriter(store, folded);
    const facts = new Facts(store, folded);
    const elsewhere = new StreamWriter(store); // another process or instance, with a cache of its own
    const stream = examStream('exam-1');
    await writer.handle(examDecider, stream, registerExam(), envelope());
    await writer.handle(examDecider, stream, awardXp(5), envelope());
    let eventsRead = 0;
    const readStream = store.readStream.bind(store);
    store.readStream = async <E extends EventShape = StoredEvent>(name: string, fromRevision?: number) => {
      const events = await readStream<E>(name, fromRevision);
      eventsRead += events.length;
      return events;
    };

    expect((await facts.exam('exam-1'))?.xp).toBe(5);
    expect(eventsRead).toBe(0);
    await elsewhere.handle(examDecider, stream, awardXp(3), envelope());
    eventsRead = 0;
    expect((await facts.exam('exam-1'))?.xp).toBe(8);
    expect(eventsRead).toBe(1);
    expect(await facts.exam('exam-2')).toBeUndefined();
    await store.close();
  });
});
