export * from './personal-data.store';
