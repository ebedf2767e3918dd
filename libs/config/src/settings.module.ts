import { ConfigModule, ConfigService } from '@nestjs/config';
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { validateEnvironment, type Settings } from './environment';

/** The validated settings, injectable anywhere. */
export const SETTINGS = Symbol('SETTINGS');

/**
 * Loads `.env` if there is one, validates the environment with validateEnvironment and provides the result
 * as SETTINGS. Call forRoot() inside bootstrap so a bad variable is reported by runOrExit, not as a crash.
 */
@Global()
@Module({})
export class SettingsModule {
  static forRoot(): DynamicModule {
    return {
      module: SettingsModule,
      imports: [ConfigModule.forRoot({ cache: true, validate: validateEnvironment })],
      providers: [
        {
          provide: SETTINGS,
          // ConfigModule has loaded `.env` into process.env and validated it by the time this runs.
          inject: [ConfigService],
          useFactory: (): Settings => validateEnvironment(process.env),
        },
      ],
      exports: [SETTINGS],
    };
  }
}
