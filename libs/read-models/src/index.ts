export * from './nest/read-models.module';
export * from './read-model-projections';
export * from './rounds/rounds.projection';
export * from './rounds/rounds.query';
export * from './schools/schools.projection';
export * from './schools/schools.query';
