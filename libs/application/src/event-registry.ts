import type { Event, EventTypeDefinition } from '@lle/domain';
import type { RecordedEvent } from '@lle/event-store';

export class UnknownEventTypeError extends Error {
  override readonly name = 'UnknownEventTypeError';
}

/**
 * Every event type the system writes, by its explicit name (never a class name), with its schema version
 * and the upcasters that bring older stored versions up to date on read.
 */
export class EventRegistry {
  private readonly types: ReadonlyMap<string, EventTypeDefinition>;

  constructor(definitions: Readonly<Record<string, EventTypeDefinition>>) {
    for (const [type, { schemaVersion, upcasters = {} }] of Object.entries(definitions)) {
      for (let version = 1; version < schemaVersion; version++) {
        if (!upcasters[version])
          throw new Error(`${type} v${schemaVersion} has no upcaster from v${version}`);
      }
    }
    this.types = new Map(Object.entries(definitions));
  }

  schemaVersion(type: string): number {
    return this.definition(type).schemaVersion;
  }

  /** The stored event as a domain event of the current schema version. */
  upcast<E extends Event>(recorded: Pick<RecordedEvent, 'type' | 'data' | 'metadata'>): E {
    const { schemaVersion, upcasters = {} } = this.definition(recorded.type);
    const stored = typeof recorded.metadata.schemaVersion === 'number' ? recorded.metadata.schemaVersion : 1;
    if (stored > schemaVersion) {
      throw new UnknownEventTypeError(
        `${recorded.type} v${stored} is newer than this build understands (v${schemaVersion})`,
      );
    }
    let data: unknown = recorded.data;
    for (let version = stored; version < schemaVersion; version++) data = upcasters[version]!(data);
    return { type: recorded.type, data } as unknown as E;
  }

  has(type: string): boolean {
    return this.types.has(type);
  }

  private definition(type: string): EventTypeDefinition {
    const definition = this.types.get(type);
    if (!definition) throw new UnknownEventTypeError(`Event type ${type} is not registered`);
    return definition;
  }
}
