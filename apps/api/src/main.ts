import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { runOrExit, SETTINGS, type Settings } from '@lle/config';
import { ApiModule } from './api.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(), new FastifyAdapter(), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  const settings = app.get<Settings>(SETTINGS);
  await app.listen(settings.PORT, settings.HOST);
  app.get(Logger).log(`API listening on http://${settings.HOST}:${settings.PORT}`);
}

runOrExit(bootstrap);
