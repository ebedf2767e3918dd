export * from './data-source';
export * from './ensure-database';
export * from './migrations';
export * from './nest/database.module';
