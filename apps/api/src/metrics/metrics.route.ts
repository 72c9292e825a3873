import { FastifyInstance } from 'fastify';
import { ExamMetrics } from './exam-metrics';

/**
 * GET /metrics for Prometheus, without a token (scrapers carry none; nothing personal is in it), outside
 * /api and the OpenAPI document. Every answered request feeds the latency histogram.
 */
export function registerMetricsRoute(fastify: FastifyInstance, metrics: ExamMetrics): void {
  fastify.addHook('onResponse', async (request, reply) => {
    metrics.requestAnswered(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
  });
  fastify.get('/metrics', async (_request, reply) => {
    const text = await metrics.scrape();
    return reply.type(metrics.contentType).send(text);
  });
}
