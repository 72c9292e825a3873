import { Decider, DomainEvent, fold } from '@exam/domain';
import { EventStore, Position, RecordedEvent } from '@exam/event-store';

/** Where a stream ends: what the next append checks against and chains to. */
export interface StreamTip {
  revision: number;
  position: Position;
  /** The last event's link in the per-exam hash chain (CONTRACT.md "Audit"); only on chained streams. */
  hash?: string;
}

/** A stream folded up to its last event, as a decider sees it. */
export interface FoldedStream<State> {
  state: State;
  /** Undefined for a stream that does not exist. */
  tip: StreamTip | undefined;
}

interface Entry {
  /** Which decider folded `state`: the same stream folded by another decider is another state. */
  decider: object;
  state: unknown;
  tip: StreamTip;
}

const DEFAULT_CAPACITY = 10_000;

/**
 * Folded state by stream and revision, so a command on a long stream reads and folds only the
 * events it has not seen. `current` is never stale: it reads the store from the cached revision
 * on, so appends by other processes or instances are folded in. `remembered` does not read at all,
 * for the write path, which verifies what it decided on (see there).
 * What this process appended itself is folded in by `appended`, so the next command does not
 * read and parse it back (issue 9: 5.9% of the command profile).
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
  ): Promise<FoldedStream<State>> {
    const cached = this.cached(decider, stream);
    const fresh = await this.store.readStream<Event>(stream, cached ? cached.tip.revision + 1 : 0);
    const state = fold(decider.evolve, cached ? cached.state : decider.initialState(), fresh);
    const lastRead = fresh.at(-1);
    const tip = lastRead ? tipOf(lastRead) : cached?.tip;
    if (tip) this.remember(stream, { decider, state, tip });
    return { state, tip };
  }

  /**
   * The stream as this process last folded it, without asking the store; read as `current` does
   * when this process has not folded it yet (`read`: whether the store was asked). Another process
   * may have appended since, so this is only for a decision something else verifies: StreamWriter
   * appends at the remembered revision, which the store refuses if the stream moved on, and reads
   * before it answers a refusal. Facts read with `current`, since nothing checks them again.
   */
  async remembered<State, Command, Event extends DomainEvent>(
    decider: Decider<State, Command, Event>,
    stream: string,
  ): Promise<FoldedStream<State> & { read: boolean }> {
    const cached = this.cached(decider, stream);
    if (cached) return { ...cached, read: false };
    return { ...(await this.current(decider, stream)), read: true };
  }

  /**
   * This process appended `events` right after `before` (the append was checked against its
   * revision, so nothing came between): the stream now ends at `tip`. Evolve reads only an event's
   * type and data, which the store keeps as appended.
   */
  appended<State, Command, Event extends DomainEvent>(
    decider: Decider<State, Command, Event>,
    stream: string,
    before: State,
    events: Event[],
    tip: StreamTip,
  ): void {
    this.remember(stream, { decider, state: fold(decider.evolve, before, events), tip });
  }

  private cached<State, Command, Event extends DomainEvent>(
    decider: Decider<State, Command, Event>,
    stream: string,
  ): { state: State; tip: StreamTip } | undefined {
    const entry = this.entries.get(stream);
    if (!entry || entry.decider !== decider) return undefined;
    // Same decider, so the state is its State (stream-names.ts fixes which decider owns a stream).
    return { state: entry.state as State, tip: entry.tip };
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

function tipOf({ revision, position, metadata: { hash } }: RecordedEvent<DomainEvent>): StreamTip {
  return { revision, position, hash };
}
