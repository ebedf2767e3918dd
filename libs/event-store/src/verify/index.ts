export * from './chain-verifier';
export * from './checkpoints';
export * from './sql';
export * from './verify';
