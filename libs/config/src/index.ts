export * from './environment';
export * from './run-or-exit';
export * from './settings.module';
export * from './plain-error';
