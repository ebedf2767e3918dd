import { type Decider, type Event } from '@lle/domain';
import type { EventStore, GlobalPosition } from '@lle/event-store';
import type { EventRegistry } from './event-registry';

/** A stream folded with its decider, and where it stood when read. */
export interface StreamRead<S> {
  readonly state: S;
  /** The revision of its last event; -1 when the stream is empty. */
  readonly revision: number;
  /** The global position of its last event. */
  readonly position?: GlobalPosition;
}

type Folding<E extends Event, S> = Pick<Decider<never, E, S, never>, 'initialState' | 'evolve'>;

interface Remembered {
  readonly decider: unknown;
  readonly state: unknown;
  readonly revision: number;
  readonly position: GlobalPosition;
}

/** Streams whose folded state is kept; the least recently read is forgotten first. */
export const REMEMBERED_STREAMS = 1_000;

/**
 * Reads streams folded with their deciders, keeping the states of the streams read most recently. A stored
 * event never changes, so the state folded up to revision r, plus the events after r, is the stream's state
 * now: a stream read again costs only its new events, not its whole history (a person's days grow with every
 * day they log, and every LogSupportDay reads them). The read starts at the remembered last event itself and
 * checks it is still there at the same position, so a stream that is not what was remembered (a database
 * recreated under a running process) is read whole again. A state after an append is remembered only when
 * the command handler is told that this is sound (`decideOnRemembered`); otherwise the next read folds the
 * appended events like any others.
 */
export class StreamStates {
  private readonly states = new Map<string, Remembered>();

  constructor(
    private readonly store: EventStore,
    private readonly registry: EventRegistry,
    private readonly capacity = REMEMBERED_STREAMS,
  ) {}

  async read<E extends Event, S>(decider: Folding<E, S>, streamId: string): Promise<StreamRead<S>> {
    const known = this.states.get(streamId);
    if (known !== undefined && known.decider === decider) {
      const tail = await this.store.readStream(streamId, { fromRevision: known.revision });
      const [first, ...after] = tail;
      if (first !== undefined && first.revision === known.revision && first.position === known.position) {
        const state = after
          .map((event) => this.registry.upcast<E>(event))
          .reduce(decider.evolve, known.state as S);
        const last = after.at(-1) ?? first;
        return this.remember(decider, streamId, { state, revision: last.revision, position: last.position });
      }
    }
    const past = await this.store.readStream(streamId);
    const state = past
      .map((event) => this.registry.upcast<E>(event))
      .reduce(decider.evolve, decider.initialState());
    const last = past.at(-1);
    if (last === undefined) {
      this.states.delete(streamId);
      return { state, revision: -1 };
    }
    return this.remember(decider, streamId, { state, revision: last.revision, position: last.position });
  }

  /** The state last read or remembered, without reading anything: it may be stale (see CommandHandler). */
  remembered<S>(decider: unknown, streamId: string): StreamRead<S> | undefined {
    const known = this.states.get(streamId);
    if (known === undefined || known.decider !== decider) return undefined;
    const { state, revision, position } = known;
    return { state: state as S, revision, position };
  }

  /** Remembers a stream's state at a revision that this process knows (it appended up to it). */
  remember<S>(
    decider: unknown,
    streamId: string,
    read: StreamRead<S> & { readonly position: GlobalPosition },
  ): StreamRead<S> {
    // Deleted first, so that the Map's insertion order is the order of use.
    this.states.delete(streamId);
    this.states.set(streamId, { decider, ...read });
    if (this.states.size > this.capacity) {
      const oldest = this.states.keys().next().value;
      if (oldest !== undefined) this.states.delete(oldest);
    }
    return read;
  }
}
