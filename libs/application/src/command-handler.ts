import { DomainError, type Command, type Decider, type Event } from '@lle/domain';
import { WrongExpectedRevisionError, type EventStore, type EventToAppend } from '@lle/event-store';
import { deterministicEventId } from './deterministic-id';
import type { EventRegistry } from './event-registry';
import { StreamStates, type StreamRead } from './stream-states';

/** What a handled command answers: where its events went. */
export interface CommandResult {
  readonly streamId: string;
  /** The stream's revision after the command; -1 when the stream is still empty. */
  readonly revision: number;
  /** The global position of the last event written, or of the stream's last event when nothing was new. */
  readonly position?: bigint;
  /** How many events the command wrote: 0 for a retry that changed nothing. */
  readonly written: number;
}

/** The stream kept moving under a command, even after one retry on fresh state. */
export class CommandConflictError extends Error {
  override readonly name = 'CommandConflictError';

  constructor(override readonly cause: WrongExpectedRevisionError) {
    super(`${cause.message}; another change to it was made at the same time, please try again`);
  }

  get streamId(): string {
    return this.cause.streamId;
  }
}

/** What a handled command answers, with the stream's state after it (for a next step that needs it). */
export interface HandledCommand<S> {
  readonly result: CommandResult;
  readonly state: S;
}

export interface CommandHandlerOptions<S, Context> {
  /**
   * The stream as the caller has just read it with the same decider (an access check reads it first): the
   * first attempt decides on it instead of reading it again. A read gone stale in between costs what any
   * concurrent write costs: the append's expected revision refuses it and the next attempt reads afresh.
   */
  readonly read?: StreamRead<S>;
  /**
   * Decide first on the stream as this process last read or wrote it, without reading it: for a stream that
   * one process mostly writes alone (a person's days), one round trip fewer. Only an append can prove that
   * state current (its expected revision): if the append conflicts, or the decision on it appends nothing
   * or refuses, the stream is read and the command decided again, and that first try is not counted as an
   * attempt. Its state after the append is remembered for the next time. The decider's events must carry
   * only what the command says (no clock), so that the same events found already stored (a replay) are the
   * same as those remembered.
   */
  readonly decideOnRemembered?: boolean;
  /** Loads what the decision needs besides the stream (lookups), once per attempt. */
  readonly context?: () => Promise<Context>;
  /** When the stream is empty, answer 404 with this error instead of deciding (commands on existing things). */
  readonly notFound?: () => DomainError;
  /**
   * How many times to decide on fresh state when a concurrent write wins (default 2: one retry). A stream
   * many writers contend for by design (an LLE's commitments) takes more: every retry re-decides, so a rule
   * such as capacity still holds, and a writer gets either its events or the rule's refusal.
   */
  readonly maxAttempts?: number;
}

/**
 * The one way a command changes anything: read the stream, fold it into state, decide, append with the
 * revision read. A concurrent write is retried once on fresh state; a second conflict is the caller's to
 * see. Event ids derive from the command's causation id, so a command replayed after a crash re-appends the
 * same ids and the store writes nothing twice.
 */
export class CommandHandler {
  private readonly states: StreamStates;

  constructor(
    private readonly store: EventStore,
    private readonly registry: EventRegistry,
    states?: StreamStates,
  ) {
    this.states = states ?? new StreamStates(store, registry);
  }

  async handle<C extends Command, E extends Event, S, Context = undefined>(
    decider: Decider<C, E, S, Context>,
    streamId: string,
    command: C,
    options: CommandHandlerOptions<S, Context> = {},
  ): Promise<CommandResult> {
    return (await this.handleWithState(decider, streamId, command, options)).result;
  }

  /** As `handle`, also answering the stream's state after the command, so a next step need not read it. */
  async handleWithState<C extends Command, E extends Event, S, Context = undefined>(
    decider: Decider<C, E, S, Context>,
    streamId: string,
    command: C,
    options: CommandHandlerOptions<S, Context> = {},
  ): Promise<HandledCommand<S>> {
    const remembered = options.decideOnRemembered ? this.states.remembered<S>(decider, streamId) : undefined;
    if (remembered !== undefined) {
      const appended = await this.appendUnverified(decider, streamId, command, options, remembered);
      if (appended !== undefined) return appended;
    }
    for (let attempt = 1; ; attempt++) {
      const current =
        attempt === 1 && options.read !== undefined ? options.read : await this.read(decider, streamId);
      if (current.revision === -1 && options.notFound) throw options.notFound();
      const context = options.context ? await options.context() : (undefined as Context);
      const events = decider.decide(command, current.state, context);
      if (events.length === 0) {
        const { revision, position } = current;
        return { result: { streamId, revision, position, written: 0 }, state: current.state };
      }
      try {
        return await this.append(decider, streamId, command, current, events, options);
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (attempt >= (options.maxAttempts ?? 2)) throw new CommandConflictError(error);
      }
    }
  }

  /**
   * The decision on a remembered state, if it appends and the append proves that state current; otherwise
   * nothing, and the caller reads the stream and decides again (a refusal or a no-op on a state that may be
   * stale proves nothing).
   */
  private async appendUnverified<C extends Command, E extends Event, S, Context>(
    decider: Decider<C, E, S, Context>,
    streamId: string,
    command: C,
    options: CommandHandlerOptions<S, Context>,
    remembered: StreamRead<S>,
  ): Promise<HandledCommand<S> | undefined> {
    let events: E[];
    try {
      const context = options.context ? await options.context() : (undefined as Context);
      events = decider.decide(command, remembered.state, context);
    } catch (error) {
      if (error instanceof DomainError) return undefined;
      throw error;
    }
    if (events.length === 0) return undefined;
    try {
      return await this.append(decider, streamId, command, remembered, events, options);
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) return undefined;
      throw error;
    }
  }

  private async append<C extends Command, E extends Event, S, Context>(
    decider: Decider<C, E, S, Context>,
    streamId: string,
    command: C,
    current: StreamRead<S>,
    events: readonly E[],
    options: CommandHandlerOptions<S, Context>,
  ): Promise<HandledCommand<S>> {
    const result = await this.store.appendToStream(
      streamId,
      events.map((event, index) => this.toStored(event, command, streamId, index)),
      current.revision === -1 ? 'no_stream' : current.revision,
    );
    const after = {
      state: events.reduce(decider.evolve, current.state),
      revision: result.nextExpectedRevision,
      position: result.position,
    };
    // The append took exactly the revisions after the one expected (or found these very events there).
    if (options.decideOnRemembered) this.states.remember(decider, streamId, after);
    return {
      result: { streamId, revision: after.revision, position: after.position, written: events.length },
      state: after.state,
    };
  }

  /** The stream folded with the decider (only its new events, when it was read before; see StreamStates). */
  read<E extends Event, S>(
    decider: Pick<Decider<never, E, S, never>, 'initialState' | 'evolve'>,
    streamId: string,
  ): Promise<StreamRead<S>> {
    return this.states.read(decider, streamId);
  }

  private toStored(event: Event, command: Command, streamId: string, index: number): EventToAppend {
    const { metadata } = command;
    return {
      id: deterministicEventId(metadata.causationId, streamId, index),
      type: event.type,
      data: event.data as EventToAppend['data'],
      metadata: {
        actor: metadata.actor,
        command: command.type,
        correlationId: metadata.correlationId,
        causationId: metadata.causationId,
        schemaVersion: this.registry.schemaVersion(event.type),
        occurredAt: metadata.now.toISOString(),
      },
    };
  }
}
