import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { correlationIdOf, registerRequestContext } from './http/request-context';
import { ApiMetrics } from './operations/metrics';

/** Fastify with the correlation id as its request id; bodies up to 2 MB (evidence is text, not files). */
export function createFastifyAdapter(): FastifyAdapter {
  const adapter = new FastifyAdapter({ genReqId: correlationIdOf, bodyLimit: 2 * 1024 * 1024 });
  registerRequestContext(adapter.getInstance());
  return adapter;
}

/** What every API process (and every end-to-end test) sets up after the module is created. */
export function configureApiApplication(app: NestFastifyApplication): void {
  app.useLogger(app.get(Logger));
  // Stops taking requests on SIGTERM, lets those in flight finish, then closes the pools.
  app.enableShutdownHooks();
  app.get(ApiMetrics).register(app.getHttpAdapter().getInstance());
  const config = new DocumentBuilder()
    .setTitle('LLE brokerage API')
    .setDescription(
      'Recruit and designate Local Leaders of Education, broker their placements, bill for support days and ' +
        'audit every step. Every command accepts an Idempotency-Key header and answers the global position ' +
        'of its last event; pass it to a query as ?atLeast= to read your own write. Errors are RFC 9457 ' +
        'problem documents with a stable code.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addSecurityRequirements('bearer')
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config), {
    jsonDocumentUrl: 'docs-json',
  });
}
