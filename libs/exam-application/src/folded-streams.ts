import { Decider, DomainEvent, fold } from '@exam/domain';
import { EventStore, RecordedEvent } from '@exam/event-store';

/** A stream folded up to its last event, as a decider sees it. */
export interface FoldedStream<State, Event extends DomainEvent> {
  state: State;
  /** The stream's last event (its revision and hash), undefined for a stream that does not exist. */
  last: RecordedEvent<Event> | undefined;
}

interface Entry {
  /** Which decider folded `state`: the same stream folded by another decider is another state. */
  decider: object;
  state: unknown;
  last: RecordedEvent<DomainEvent>;
}

const DEFAULT_CAPACITY = 10_000;

/**
 * Folded state by stream and revision, so a command on a long stream reads and folds only the
 * events it has not seen. Never stale: every call reads the store from the cached revision on,
 * so appends by other processes or instances are folded in before anyone decides on them.
 * Sound because evolve and decide never mutate a state (exam-state.ts builds new objects;
 * folded-streams.unit.spec.ts proves cached folds equal full folds on frozen states).
 * Least recently used streams are forgotten beyond `capacity`.
 */
export class FoldedStreams {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly store: EventStore,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {}

  async current<State, Command, Event extends DomainEvent>(
    decider: Decider<State, Command, Event>,
    stream: string,
  ): Promise<FoldedStream<State, Event>> {
    const cached = this.cached(decider, stream);
    const fresh = await this.store.readStream<Event>(stream, cached ? cached.last.revision + 1 : 0);
    const state = fold(decider.evolve, cached ? cached.state : decider.initialState(), fresh);
    const last = fresh.at(-1) ?? cached?.last;
    if (last) this.remember(stream, { decider, state, last });
    return { state, last };
  }

  private cached<State, Command, Event extends DomainEvent>(
    decider: Decider<State, Command, Event>,
    stream: string,
  ): { state: State; last: RecordedEvent<Event> } | undefined {
    const entry = this.entries.get(stream);
    if (!entry || entry.decider !== decider) return undefined;
    // Same decider, so the state is its State and the events its Event (stream-names.ts fixes both).
    return { state: entry.state as State, last: entry.last as RecordedEvent<Event> };
  }

  private remember(stream: string, entry: Entry): void {
    this.entries.delete(stream); // re-inserted last: Map order is recency order
    this.entries.set(stream, entry);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
