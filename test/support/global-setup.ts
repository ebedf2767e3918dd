import { runMigrations } from '../../libs/database/src/data-source';
import { databaseUrl, withAdmin } from './postgres';

/** Makes one migrated template database per run; each test file copies it (see createTestDatabase). */
export default async function globalSetup(): Promise<void> {
  const prefix = `lle_t${Date.now().toString(36)}${process.pid}`;
  const template = `${prefix}_tpl`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${template}"`));
  await runMigrations(databaseUrl(template));
  process.env.LLE_TEST_RUN_PREFIX = prefix;
  process.env.LLE_TEST_TEMPLATE_DB = template;
}
