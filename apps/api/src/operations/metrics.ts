import { Injectable } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ProjectionStatus } from '@lle/projections';

const READING = new Set(['GET', 'HEAD', 'OPTIONS']);

/** How a command ended, from its HTTP status. */
export function commandOutcome(status: number): string {
  if (status < 400) return 'accepted';
  switch (status) {
    case 400:
      return 'invalid';
    case 401:
    case 403:
      return 'refused_access';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 422:
      return 'rule_broken';
    default:
      return status >= 500 ? 'error' : 'other';
  }
}

/** Prometheus metrics of the API: request latency, commands by outcome, projection lag. */
@Injectable()
export class ApiMetrics {
  readonly registry = new Registry();
  private readonly latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  private readonly commands = new Counter({
    name: 'commands_total',
    help: 'Commands received, by route and outcome',
    labelNames: ['route', 'outcome'],
    registers: [this.registry],
  });

  constructor(projections: ProjectionStatus) {
    collectDefaultMetrics({ register: this.registry });
    const lag = new Gauge({
      name: 'projection_lag',
      help: 'Head position minus the projection checkpoint',
      labelNames: ['projection'],
      registers: [this.registry],
      async collect() {
        for (const report of await projections.report())
          lag.set({ projection: report.name }, Number(report.lag));
      },
    });
    const paused = new Gauge({
      name: 'projection_paused',
      help: '1 while a projection is paused on an event it cannot process',
      labelNames: ['projection'],
      registers: [this.registry],
      async collect() {
        for (const report of await projections.report()) {
          paused.set({ projection: report.name }, report.status === 'paused' ? 1 : 0);
        }
      },
    });
  }

  /** Observes every response once it is sent (a callback hook: no promise per request). */
  register(fastify: FastifyInstance): void {
    fastify.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url ?? 'unmatched';
      const status = reply.statusCode;
      this.latency.observe({ method: request.method, route, status }, reply.elapsedTime / 1000);
      if (!READING.has(request.method) && route !== 'unmatched') {
        this.commands.inc({ route: `${request.method} ${route}`, outcome: commandOutcome(status) });
      }
      done();
    });
  }
}
