import 'reflect-metadata';
import multipart from '@fastify/multipart';
import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { FollowersModule } from '@exam/followers';
import { ReadSideProgress } from '@exam/projections';
import { ApiModule } from './api.module';
import { registerGraphiql } from './graphql/graphiql';
import { registerGraphqlRequestHook } from './graphql/graphql-request.hook';
import { ErrorFilter, sendError } from './http/error.filter';
import { registerRequestLog, requestLogOptions } from './http/request-log';
import { operationIdOf, withRefusals } from './http/api-docs';
import { registerRequestGuards } from './http/request-guards';
import { commandValidationPipe } from './http/validation';
import { SupervisedWorkerModule } from './worker-supervisor';
import { AppConfig, createLog, InfrastructureModule, NestLog, TOKEN_VERIFIER } from '@exam/infrastructure';
import { printStartUpBanner } from './start-up-banner';
import { ExamMetrics } from './metrics/exam-metrics';
import { registerMetricsRoute } from './metrics/metrics.route';

export interface AppOptions {
  /** The followers (jobs, projectors) in this very process: the tests' embedded default. */
  withWorker: boolean;
  /** `npm start`: the followers in a child process this one supervises. */
  superviseWorker?: boolean;
}

@Module({})
class RootModule {
  static with(options: AppOptions): DynamicModule {
    return {
      module: RootModule,
      imports: [
        InfrastructureModule,
        ApiModule,
        ...(options.withWorker ? [FollowersModule] : options.superviseWorker ? [SupervisedWorkerModule] : []),
      ],
    };
  }
}

export function openApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Exam backend: commands')
    .setDescription(
      'REST commands of CONTRACT.md. Every command answers { id, revision, position }; errors answer { statusCode, code, message }.',
    )
    .setVersion('1')
    // Relative: the document is right for whichever host and port serve it (clients, Schemathesis).
    .addServer('/', 'the server that serves this document')
    .addBearerAuth()
    .build();
  config.info.license = { name: 'UNLICENSED (private)' };
  return withRefusals(SwaggerModule.createDocument(app, config, { operationIdFactory: operationIdOf }));
}

export async function createApp(options: AppOptions): Promise<NestFastifyApplication> {
  // maxParamLength: long ids reach our own check (400 in the contract's shape) instead of Fastify's 404.
  // One pino logger for Fastify's request lines and Nest's Logger (request-log.ts says what a line holds).
  const log = await createLog('api');
  const adapter = new FastifyAdapter({
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 1000 },
    loggerInstance: log,
    ...requestLogOptions(),
  });
  const app = await NestFactory.create<NestFastifyApplication>(RootModule.with(options), adapter, {
    logger: new NestLog(log),
    abortOnError: false,
    bodyParser: false, // Fastify's own JSON parser only: no form bodies on JSON commands
  });
  const config = app.get(AppConfig);
  await app.register(multipart, {
    // Our own streaming limiter refuses oversize content first (FILE_TOO_LARGE); these are the outer bounds.
    limits: { files: 1, fields: 5, fieldSize: 64 * 1024, fileSize: config.maxUploadBytes * 2, parts: 10 },
  });
  // Commands take JSON (and uploads multipart): any other body type is 415 UNSUPPORTED_MEDIA_TYPE.
  app.getHttpAdapter().getInstance().removeContentTypeParser('text/plain');
  registerRequestLog(app.getHttpAdapter().getInstance());
  if (config.metricsEnabled) registerMetricsRoute(app.getHttpAdapter().getInstance(), app.get(ExamMetrics));
  await registerRequestGuards(app, app.get(TOKEN_VERIFIER), config.rateLimitPerMinute);
  // Errors Fastify raises before a route runs (malformed JSON, unknown content type) get the contract's body too
  // (bad-input.e2e.spec.ts). The routes keep this handler, taken when they are registered, though Nest's init()
  // later sets one of its own at the root: that second call is what prints FSTWRN004 at start-up.
  // (Mercurius keeps its own handler in its plugin's scope: it formats GraphQL's refusals.)
  app
    .getHttpAdapter()
    .getInstance()
    .setErrorHandler((error, request, reply) => {
      void sendError(request, reply, error);
    });
  registerGraphqlRequestHook(
    app.getHttpAdapter().getInstance(),
    app.get(TOKEN_VERIFIER),
    app.get(ReadSideProgress),
    config.graphqlTimeoutMs,
  );
  if (!config.production) await registerGraphiql(app.getHttpAdapter().getInstance());
  // The public verification (page and JSON, declared with their full paths) and the issuer's keys live outside /api.
  app.setGlobalPrefix('api', { exclude: ['health/live', 'health/ready', 'verify/:code', 'api/verify/:code', '.well-known/jwks.json'] });
  app.useGlobalPipes(commandValidationPipe());
  app.useGlobalFilters(new ErrorFilter());
  SwaggerModule.setup('api/docs', app, openApiDocument(app), { jsonDocumentUrl: 'api/docs/openapi.json' });
  return app;
}

export async function listen(app: NestFastifyApplication): Promise<void> {
  const config = app.get(AppConfig);
  await app.listen(config.port, config.host);
  const fastify = app.getHttpAdapter().getInstance();
  const [address] = fastify.addresses();
  printStartUpBanner(fastify.log, config, typeof address === 'object' ? address.port : config.port);
}
