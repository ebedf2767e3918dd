import type { Command, Event } from '../shared/command';
import { fold, type Decider } from '../shared/decider';
import { DomainError } from '../shared/domain-error';

export type Outcome<E> =
  | { readonly events: E[]; readonly error?: undefined }
  | { readonly error: DomainError; readonly events?: undefined };

/** Given past events, when a command: the new events, or the domain error it was refused with. */
export function given<C extends Command, E extends Event, S, Context>(
  decider: Decider<C, E, S, Context>,
  ...past: E[]
): { when(command: C, context?: Context): Outcome<E> } {
  return {
    when(command, context) {
      const state = fold(decider, past);
      try {
        return { events: decider.decide(command, state, context as Context) };
      } catch (error) {
        if (error instanceof DomainError) return { error };
        throw error;
      }
    },
  };
}
