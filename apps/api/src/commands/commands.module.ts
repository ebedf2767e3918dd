import { Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CommandHandler, EventRegistry } from '@lle/application';
import { EVENT_TYPES } from '@lle/domain';
import { EVENT_STORE, type EventStore } from '@lle/event-store';

/** The command side: Nest's CommandBus as a typed dispatcher over the one generic CommandHandler. */
@Global()
@Module({
  imports: [CqrsModule.forRoot()],
  providers: [
    { provide: EventRegistry, useFactory: () => new EventRegistry(EVENT_TYPES) },
    {
      provide: CommandHandler,
      inject: [EVENT_STORE, EventRegistry],
      useFactory: (store: EventStore, registry: EventRegistry) => new CommandHandler(store, registry),
    },
  ],
  exports: [CqrsModule, EventRegistry, CommandHandler],
})
export class CommandsModule {}
