import { EsdbEventStore } from './esdb';
import type { EventStore } from './event-store.port';
import { PostgresEventStore } from './postgres/postgres-event-store';

export interface EventStoreSettings {
  readonly EVENT_STORE: 'postgres' | 'esdb';
  readonly DATABASE_URL: string;
  readonly EVENTSTORE_CONNECTION_STRING?: string;
  /** Connections in the PostgreSQL adapter's pool (10 when not given). */
  readonly EVENT_STORE_POOL_SIZE?: number;
}

/** The configured adapter: PostgreSQL by default, EventStoreDB where a server runs. */
export function createEventStore(settings: EventStoreSettings): EventStore {
  if (settings.EVENT_STORE === 'esdb') {
    if (!settings.EVENTSTORE_CONNECTION_STRING)
      throw new Error('EVENTSTORE_CONNECTION_STRING is required for esdb');
    return EsdbEventStore.fromConnectionString(settings.EVENTSTORE_CONNECTION_STRING);
  }
  return PostgresEventStore.fromUrl(settings.DATABASE_URL, { poolSize: settings.EVENT_STORE_POOL_SIZE });
}
