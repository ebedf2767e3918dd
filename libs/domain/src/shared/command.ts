/** Who asked, in what role, for which alliance (brokers act for one alliance only). */
export interface Actor {
  readonly subject: string;
  readonly role: Role;
  readonly alliance?: string;
}

export const ROLES = ['admin', 'broker', 'assessor', 'panel', 'lle', 'finance', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Filled at the edge, never inside the domain: the clock, the actor and the ids that trace a request. */
export interface CommandMetadata {
  readonly now: Date;
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId: string;
}

export interface Command<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
  readonly metadata: CommandMetadata;
}

export interface Event<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}
