import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { SETTINGS, SettingsModule, type Settings } from '@lle/config';
import { EventStoreModule } from '@lle/event-store';

/** The background process: projections and billing jobs run here as they land. */
@Module({})
export class WorkerModule {
  static forRoot(): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        SettingsModule.forRoot(),
        LoggerModule.forRootAsync({
          inject: [SETTINGS],
          useFactory: (settings: Settings) => ({ pinoHttp: { level: settings.LOG_LEVEL } }),
        }),
        EventStoreModule,
      ],
    };
  }
}
