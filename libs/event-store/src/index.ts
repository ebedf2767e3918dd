export * from './create-event-store';
export * from './esdb';
export * from './event-store.errors';
export * from './event-store.port';
export * from './in-memory/in-memory-event-store';
export * from './nest/event-store.module';
export * from './postgres/postgres-event-store';
