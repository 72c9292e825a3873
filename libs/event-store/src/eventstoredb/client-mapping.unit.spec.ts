import { randomUUID } from 'node:crypto';
import {
  ANY,
  NO_STREAM,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type RecordedEvent as ClientRecordedEvent,
} from '@eventstore/db-client';
import { ConcurrencyConflict, type NewEvent } from '../event-store.port';
import { examStream, institutionStream, learnerStream, programStream } from '../stream-names';
import {
  assertUuidEventIds,
  EVENT_ID_CLAIMED,
  eventIdIndexStream,
  isOwnEvent,
  isStreamNotFound,
  landingRevision,
  OWN_STREAM_PREFIXES,
  parseClaim,
  toClaimEventData,
  toClientExpectedRevision,
  toConflict,
  toEventData,
  toRecordedEvent,
  wrongExpectedVersionActual,
} from './client-mapping';
import { decodePosition } from './positions';

describe('EventStoreDB client mapping', () => {
  describe('expected revision', () => {
    it("maps 'no_stream', 'any' and a revision to the client's values", () => {
      expect(toClientExpectedRevision('no_stream')).toBe(NO_STREAM);
      expect(toClientExpectedRevision('any')).toBe(ANY);
      expect(toClientExpectedRevision(0)).toBe(0n);
      expect(toClientExpectedRevision(41)).toBe(41n);
    });

    it.each([-1, -2, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1])(
      'refuses %p, which the server would read as something else',
      (revision) => {
        expect(() => toClientExpectedRevision(revision)).toThrow(RangeError);
      },
    );

    it('knows where each event of a batch lands if the append succeeds', () => {
      expect([0, 1, 2].map((index) => landingRevision('no_stream', index))).toEqual([0, 1, 2]);
      expect([0, 1].map((index) => landingRevision(4, index))).toEqual([5, 6]);
      expect(landingRevision('any', 0)).toBeUndefined();
    });
  });

  describe('errors', () => {
    it('maps WrongExpectedVersion to ConcurrencyConflict with our expected revision and the actual one', () => {
      const stream = examStream('e-1');
      const behind = new WrongExpectedVersionError(undefined, { streamName: stream, expected: 0n, current: 1n });
      const missing = new WrongExpectedVersionError(undefined, { streamName: stream, expected: 0n, current: NO_STREAM });
      const legacyMissing = new WrongExpectedVersionError(undefined, { streamName: stream, expected: 0n, current: -1n });

      const conflict = toConflict(stream, 0, wrongExpectedVersionActual(behind)!);
      expect(conflict).toBeInstanceOf(ConcurrencyConflict);
      expect(conflict).toMatchObject({ name: 'ConcurrencyConflict', stream, expected: 0, actual: 1 });
      expect(toConflict(stream, 0, wrongExpectedVersionActual(missing)!)).toMatchObject({ expected: 0, actual: 'no_stream' });
      expect(toConflict(stream, 0, wrongExpectedVersionActual(legacyMissing)!)).toMatchObject({ actual: 'no_stream' });
      const created = new WrongExpectedVersionError(undefined, { streamName: stream, expected: NO_STREAM, current: 0n });
      expect(toConflict(stream, 'no_stream', wrongExpectedVersionActual(created)!)).toMatchObject({ expected: 'no_stream', actual: 0 });
      // throwOnAppendFailure=false: the client resolves { success: false, nextExpectedRevision: -1n } for a missing stream.
      expect(toConflict(stream, 3, -1n)).toMatchObject({ expected: 3, actual: 'no_stream' });
    });

    it('leaves every other error alone', () => {
      const stream = examStream('e-1');
      expect(wrongExpectedVersionActual(new StreamNotFoundError(undefined, stream))).toBeUndefined();
      expect(wrongExpectedVersionActual(new Error('wrong expected version'))).toBeUndefined();
      expect(wrongExpectedVersionActual('WrongExpectedVersion')).toBeUndefined();
    });

    it('recognises a missing stream', () => {
      expect(isStreamNotFound(new StreamNotFoundError(undefined, 'exam-x'))).toBe(true);
      expect(isStreamNotFound(new WrongExpectedVersionError(undefined, { streamName: 'exam-x', expected: 0n, current: NO_STREAM }))).toBe(
        false,
      );
      expect(isStreamNotFound(new Error('stream not found'))).toBe(false);
    });
  });

  describe('which events of $all are ours', () => {
    it('takes the categories from the stream-name helpers', () => {
      expect(OWN_STREAM_PREFIXES).toEqual(['exam-', 'institution-', 'program-', 'learner-']);
    });

    it.each([examStream('1'), institutionStream('i'), programStream('p'), learnerStream('l')])('keeps %s', (stream) => {
      expect(isOwnEvent(stream, 'SampleUploaded')).toBe(true);
    });

    it.each([
      ['$settings', '$settings'],
      ['$stats-127.0.0.1:2113', '$statsCollected'],
      ['$$exam-1', '$metadata'],
      ['$scavenges', '$scavengeStarted'],
      [eventIdIndexStream(randomUUID()), EVENT_ID_CLAIMED],
      ['orders-1', 'OrderPlaced'],
      ['examination-1', 'SampleUploaded'],
      ['exam', 'SampleUploaded'],
      ['Exam-1', 'SampleUploaded'],
    ])('drops %s (%s)', (stream, type) => {
      expect(isOwnEvent(stream, type)).toBe(false);
    });

    it('drops system event types even on our streams (links, metadata)', () => {
      expect(isOwnEvent(examStream('1'), '$>')).toBe(false);
      expect(isOwnEvent(examStream('1'), '$metadata')).toBe(false);
    });
  });

  describe('events', () => {
    const event: NewEvent = {
      id: randomUUID(),
      type: 'ExamHandedIn',
      data: { attempt: 1, files: ['f-1'] },
      metadata: {
        actorId: 'learner-1',
        actorRole: 'learner',
        occurredAt: '2025-03-14T09:26:53.589Z',
        correlationId: 'c',
        causationId: 'c',
        schemaVersion: 1,
      },
    };

    it('writes our event as a JSON event with our id as the event id', () => {
      expect(toEventData(event)).toEqual({
        id: event.id,
        contentType: 'application/json',
        type: event.type,
        data: event.data,
        metadata: event.metadata,
      });
    });

    it('reads a recorded event back with stream, numeric revision, encoded position and ISO time', () => {
      const created = new Date('2025-03-14T09:27:00.000Z');
      const recorded = clientEvent({
        ...event,
        streamId: examStream('1'),
        revision: 3n,
        created,
        position: { commit: 900n, prepare: 800n },
      });

      expect(toRecordedEvent(recorded)).toEqual({
        ...event,
        stream: examStream('1'),
        revision: 3,
        position: '00000000000000000900/00000000000000000800',
        recordedAt: '2025-03-14T09:27:00.000Z',
      });
      expect(decodePosition(toRecordedEvent(recorded).position)).toEqual({ commit: 900n, prepare: 800n });
    });

    it('refuses an event without a reported position (servers before 22.6) or that is not JSON of ours', () => {
      const base = { ...event, streamId: examStream('1'), revision: 0n, created: new Date() };
      expect(() => toRecordedEvent(clientEvent({ ...base, position: undefined }))).toThrow(/22\.6/);
      expect(() => toRecordedEvent(clientEvent({ ...base, position: { commit: (1n << 64n) - 1n, prepare: (1n << 64n) - 1n } }))).toThrow(
        /no \$all position/,
      );
      expect(() => toRecordedEvent(clientEvent({ ...base, metadata: undefined, position: { commit: 1n, prepare: 1n } }))).toThrow(
        /not a JSON event/,
      );
      expect(() =>
        toRecordedEvent({
          ...clientEvent({ ...base, position: { commit: 1n, prepare: 1n } }),
          isJson: false,
          data: new Uint8Array([1]),
        } as ClientRecordedEvent),
      ).toThrow(/not a JSON event/);
    });

    it('refuses event ids that are not UUIDs, naming the id', () => {
      expect(() => assertUuidEventIds('exam-1', [event])).not.toThrow();
      expect(() => assertUuidEventIds('exam-1', [event, { ...event, id: 'retry-1' }])).toThrow(/"retry-1" is not a UUID/);
    });
  });

  describe('event-id index', () => {
    it('keeps one index stream per event id, in lower case, outside our categories', () => {
      const id = 'A0B1C2D3-E4F5-4789-8ABC-DEF012345678';
      expect(eventIdIndexStream(id)).toBe('eventid-a0b1c2d3-e4f5-4789-8abc-def012345678');
      expect(isOwnEvent(eventIdIndexStream(id), EVENT_ID_CLAIMED)).toBe(false);
    });

    it('writes a claim and parses it back, with and without a revision', () => {
      for (const claim of [{ stream: examStream('1'), revision: 4 }, { stream: learnerStream('2') }]) {
        const data = toClaimEventData(claim);
        expect(data).toMatchObject({ type: EVENT_ID_CLAIMED, contentType: 'application/json' });
        expect(
          parseClaim(
            clientEvent({ ...data, streamId: eventIdIndexStream(randomUUID()), revision: 0n, created: new Date(), position: undefined }),
          ),
        ).toEqual(claim);
      }
    });

    it.each([
      ['another type', { type: 'Other', data: { stream: 'exam-1' } }],
      ['no stream', { type: EVENT_ID_CLAIMED, data: { revision: 1 } }],
      ['an empty stream', { type: EVENT_ID_CLAIMED, data: { stream: '' } }],
      ['a negative revision', { type: EVENT_ID_CLAIMED, data: { stream: 'exam-1', revision: -1 } }],
      ['a fractional revision', { type: EVENT_ID_CLAIMED, data: { stream: 'exam-1', revision: 0.5 } }],
    ])('ignores an index event with %s', (_label, { type, data }) => {
      expect(
        parseClaim(
          clientEvent({ id: randomUUID(), type, data, streamId: 'eventid-x', revision: 0n, created: new Date(), position: undefined }),
        ),
      ).toBeUndefined();
    });
  });
});

function clientEvent(fields: {
  id: string;
  type: string;
  data: unknown;
  metadata?: unknown;
  streamId: string;
  revision: bigint;
  created: Date;
  position: { commit: bigint; prepare: bigint } | undefined;
}): ClientRecordedEvent {
  return { isJson: true, ...fields } as ClientRecordedEvent;
}
