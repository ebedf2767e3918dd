/** Turns the payload of one schema version of an event into the next. */
export type Upcaster = (data: unknown) => unknown;

export interface EventTypeDefinition {
  /** The version written now. */
  readonly schemaVersion: number;
  /** upcasters[v] turns version v into v + 1. */
  readonly upcasters?: Readonly<Record<number, Upcaster>>;
}

export type EventTypeDefinitions<Type extends string> = Readonly<Record<Type, EventTypeDefinition>>;
