import { EsdbEventStore, InMemoryEventStore, PostgresEventStore, type EventStore } from '@lle/event-store';
import { startEsdbTestServer } from './esdb-test-server';
import { createTestDatabase } from './postgres';

/** An event store under test, with what it took to open it. */
export interface OpenedStore {
  readonly store: EventStore;
  /** One line saying what the store runs on, printed by suites that must say which server they used. */
  readonly description: string;
  close(): Promise<void>;
}

export interface AdapterUnderTest {
  readonly name: string;
  open(): Promise<OpenedStore>;
}

export const postgresAdapter: AdapterUnderTest = {
  name: 'postgres',
  async open() {
    const database = await createTestDatabase();
    const store = PostgresEventStore.fromUrl(database.url, { poolSize: 25 });
    return {
      store,
      description: `PostgreSQL database ${database.name}`,
      async close() {
        await store.close();
        await database.drop();
      },
    };
  },
};

export const inMemoryAdapter: AdapterUnderTest = {
  name: 'in-memory',
  async open() {
    const store = new InMemoryEventStore();
    return { store, description: 'process memory', close: () => store.close() };
  },
};

/**
 * EventStoreDB: the real server named by EVENTSTORE_CONNECTION_STRING when there is one, otherwise the
 * in-process gRPC test server, which imitates a 23.10 server dropping live subscriptions that lag 64 events
 * (the adapter must resubscribe without losing or repeating one).
 */
export const esdbAdapter: AdapterUnderTest = {
  name: 'esdb',
  async open() {
    const real = process.env.EVENTSTORE_CONNECTION_STRING;
    if (real) {
      const store = EsdbEventStore.fromConnectionString(real);
      return { store, description: `the EventStoreDB server at ${real}`, close: () => store.close() };
    }
    const server = await startEsdbTestServer({ dropLiveSubscriptionsLaggingBy: 64 });
    const store = EsdbEventStore.fromConnectionString(server.connectionString);
    return {
      store,
      description: `the in-process EventStoreDB test server at ${server.connectionString} (no EVENTSTORE_CONNECTION_STRING set)`,
      async close() {
        await store.close();
        await server.stop();
      },
    };
  },
};

/** Every adapter the contract suite runs against. */
export const ADAPTERS: AdapterUnderTest[] = [postgresAdapter, esdbAdapter, inMemoryAdapter];
