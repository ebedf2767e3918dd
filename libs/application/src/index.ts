export * from './command-handler';
export * from './deterministic-id';
export * from './event-registry';
export * from './stream-states';
