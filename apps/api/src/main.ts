import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { runOrExit, SETTINGS, type Settings } from '@lle/config';
import { ApiModule } from './api.module';
import { configureApiApplication, createFastifyAdapter } from './bootstrap';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(), createFastifyAdapter(), {
    bufferLogs: true,
    // A bad setting reaches runOrExit as a plain message instead of a logged stack.
    abortOnError: false,
  });
  configureApiApplication(app);
  const settings = app.get<Settings>(SETTINGS);
  await app.listen(settings.PORT, settings.HOST);
  app.get(Logger).log(`API listening on http://${settings.HOST}:${settings.PORT} (OpenAPI at /docs)`);
}

runOrExit(bootstrap);
