import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SETTINGS, type Settings } from '@lle/config';

/**
 * The TypeORM connection to the read-model database, from SETTINGS.DATABASE_URL, injectable as DataSource.
 * Never synchronizes and never migrates: schema changes come only from `npm run migrate`. Entities a module
 * registers with TypeOrmModule.forFeature are picked up. Import it wherever the DataSource is needed: it is
 * one module, so there is one connection pool, closed when the application shuts down.
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [SETTINGS],
      useFactory: (settings: Settings) => ({
        type: 'postgres' as const,
        url: settings.DATABASE_URL,
        autoLoadEntities: true,
        synchronize: false,
        migrationsRun: false,
      }),
    }),
  ],
  exports: [TypeOrmModule],
})
export class DatabaseModule {}
