export * from './event-store-adapters';
export * from './postgres';
export * from './read-models';
