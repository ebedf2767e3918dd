import type { EventStore } from '@lle/event-store';
import type { DataSource } from 'typeorm';

/** What every audit subcommand works with; the dispatcher opens and closes it. */
export interface AuditContext {
  readonly dataSource: DataSource;
  readonly store: EventStore;
  /** One line of output for the person at the terminal. */
  readonly out: (line: string) => void;
}

/** A subcommand: the arguments after its name, and the exit code it ends with. */
export type AuditSubcommand = (context: AuditContext, argv: readonly string[]) => Promise<number>;

export const count = (n: number): string => n.toLocaleString('en-GB');
export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
