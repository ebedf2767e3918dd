import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { SETTINGS, SettingsModule, type Settings } from '@lle/config';
import { EventStoreModule } from '@lle/event-store';
import { HealthController } from './health/health.controller';

@Module({})
export class ApiModule {
  static forRoot(): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        SettingsModule.forRoot(),
        LoggerModule.forRootAsync({
          inject: [SETTINGS],
          useFactory: (settings: Settings) => ({ pinoHttp: { level: settings.LOG_LEVEL } }),
        }),
        EventStoreModule,
      ],
      controllers: [HealthController],
    };
  }
}
