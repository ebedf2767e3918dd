/**
 * A child process serving the real API (ApiModule, as apps/api/src/main.ts builds it) on a free port of
 * 127.0.0.1, for bench/http-command.bench.ts. Configured by the environment the runner passes (DATABASE_URL,
 * NODE_ENV=development for the development signing key, LOG_LEVEL=silent). No worker runs beside it.
 */
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiModule } from '../../apps/api/src/api.module';
import { configureApiApplication, createFastifyAdapter } from '../../apps/api/src/bootstrap';
import { serveBenchRequests } from './child';

async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(), createFastifyAdapter(), {
    bufferLogs: true,
    abortOnError: false,
  });
  configureApiApplication(app);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  serveBenchRequests({ port: async () => port }, () => app.close());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
