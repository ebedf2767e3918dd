import { DomainError, fold, type Command, type Decider, type Event } from '@lle/domain';
import {
  WrongExpectedRevisionError,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type RecordedEvent,
} from '@lle/event-store';
import { deterministicEventId } from './deterministic-id';
import type { EventRegistry } from './event-registry';

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

export interface CommandHandlerOptions<Context> {
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
  constructor(
    private readonly store: EventStore,
    private readonly registry: EventRegistry,
  ) {}

  async handle<C extends Command, E extends Event, S, Context = undefined>(
    decider: Decider<C, E, S, Context>,
    streamId: string,
    command: C,
    options: CommandHandlerOptions<Context> = {},
  ): Promise<CommandResult> {
    for (let attempt = 1; ; attempt++) {
      const past = await this.store.readStream(streamId);
      if (past.length === 0 && options.notFound) throw options.notFound();
      const state = fold(
        decider,
        past.map((event) => this.registry.upcast<E>(event)),
      );
      const context = options.context ? await options.context() : (undefined as Context);
      const events = decider.decide(command, state, context);
      const last = past.at(-1);
      if (events.length === 0) {
        return { streamId, revision: last?.revision ?? -1, position: last?.position, written: 0 };
      }
      try {
        const result = await this.store.appendToStream(
          streamId,
          events.map((event, index) => this.toStored(event, command, streamId, index)),
          expectedRevision(last),
        );
        return {
          streamId,
          revision: result.nextExpectedRevision,
          position: result.position,
          written: events.length,
        };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (attempt >= (options.maxAttempts ?? 2)) throw new CommandConflictError(error);
      }
    }
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

function expectedRevision(last: RecordedEvent | undefined): ExpectedRevision {
  return last ? last.revision : 'no_stream';
}
