import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { runOrExit } from '@lle/config';
import { EVENT_STORE, type EventStore } from '@lle/event-store';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  // Creating the context bootstraps it, which starts the projections (ReadModelsModule.forWorker()).
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // On SIGTERM or SIGINT: the projections finish their batches in flight, then everything closes.
  app.enableShutdownHooks();
  const head = await app.get<EventStore>(EVENT_STORE).headPosition();
  app.get(Logger).log(`Worker started; the event log's head is at position ${head ?? 'none (empty)'}`);
  // The projections' polling keeps the process alive; this keeps it up even with nothing to run.
  const idle = setInterval(() => undefined, 60_000);
  process.once('beforeExit', () => clearInterval(idle));
}

runOrExit(bootstrap);
