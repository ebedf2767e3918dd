import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { SETTINGS, type Settings } from '@lle/config';
import { createEventStore } from '../create-event-store';
import { EVENT_STORE, type EventStore } from '../event-store.port';

class EventStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/** Binds the EVENT_STORE port to the configured adapter and closes it when the application stops. */
@Global()
@Module({
  providers: [
    {
      provide: EVENT_STORE,
      inject: [SETTINGS],
      useFactory: (settings: Settings) => createEventStore(settings),
    },
    EventStoreCloser,
  ],
  exports: [EVENT_STORE],
})
export class EventStoreModule {}
