import { DataSource } from 'typeorm';
import { MIGRATIONS } from './migrations';

/** The TypeORM data source for read models and migrations. Schema changes only ever come from migrations. */
export function createDataSource(databaseUrl: string): DataSource {
  return new DataSource({
    type: 'postgres',
    url: databaseUrl,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
  });
}

/** Applies every pending migration and returns the names of those it ran. */
export async function runMigrations(databaseUrl: string): Promise<string[]> {
  const dataSource = await createDataSource(databaseUrl).initialize();
  try {
    const applied = await dataSource.runMigrations();
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}
