export * from './event-store-adapters';
export * from './postgres';
