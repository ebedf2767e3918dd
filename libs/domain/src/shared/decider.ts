import type { Command, Event } from './command';

/**
 * An aggregate as three pure functions: the state before anything happened, how an event changes the state,
 * and what a command decides given the state (new events, none for a retry that changes nothing, or a
 * DomainError). Lookups the decision needs are passed in as `context`, loaded before deciding.
 */
export interface Decider<C extends Command, E extends Event, S, Context = undefined> {
  readonly initialState: () => S;
  readonly evolve: (state: S, event: E) => S;
  readonly decide: (command: C, state: S, context: Context) => E[];
}

export function fold<E extends Event, S>(
  decider: Pick<Decider<never, E, S, never>, 'initialState' | 'evolve'>,
  events: readonly E[],
): S {
  return events.reduce(decider.evolve, decider.initialState());
}

/** Makes a switch over a union exhaustive: adding a case without handling it fails to compile. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
