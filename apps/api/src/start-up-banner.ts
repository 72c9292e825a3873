import { AppConfig, logSettings } from '@exam/infrastructure';
import { FastifyBaseLogger } from 'fastify';

const ALL_INTERFACES = new Set(['0.0.0.0', '::']);

/** What a person needs once the server is up: where it listens, its docs, how to get a token, where the data is. */
export function startUpBanner(config: AppConfig, port: number): { lines: string[]; fields: Record<string, string> } {
  const everywhere = ALL_INTERFACES.has(config.host);
  const base = `http://${everywhere ? '127.0.0.1' : config.host}:${port}`;
  const fields: Record<string, string> = {
    listening: `${config.host}:${port}${everywhere ? ' (all interfaces; set HOST to narrow)' : ''}`,
    url: base,
    apiDocs: `${base}/api/docs`,
    ...(config.production ? {} : { graphiql: `${base}/graphiql` }),
    ...(config.metricsEnabled ? { metrics: `${base}/metrics` } : {}),
    token: 'TOKEN=$(npm run -s token -- --role admin --sub admin-1)',
    demo: 'npm run demo',
    dataDir: config.dataDir,
  };
  const lines = [
    `Exam backend ready on ${base}, listening on ${fields.listening}`,
    `  API docs   ${fields.apiDocs}`,
    ...(fields.graphiql ? [`  GraphiQL   ${fields.graphiql}`] : []),
    ...(fields.metrics ? [`  Metrics    ${fields.metrics}`] : []),
    `  Token      ${fields.token}`,
    `  Demo data  ${fields.demo}  (on this running server)`,
    `  Data       ${fields.dataDir}`,
  ];
  if (config.usesDevelopmentSecret) {
    lines.push('  WARNING    AUTH_JWT_SECRET is not set: tokens are signed with the development secret, public in this repository');
  }
  return { lines, fields };
}

/** In a terminal or with LOG_FORMAT=pretty, the banner as text; anywhere else (a file, a collector), one JSON line like every other. */
export function printStartUpBanner(log: FastifyBaseLogger, config: AppConfig, port: number): void {
  const { lines, fields } = startUpBanner(config, port);
  if (process.stdout.isTTY || logSettings().format === 'pretty') return void process.stdout.write(`\n${lines.join('\n')}\n\n`);
  log.info(fields, 'ready');
  if (config.usesDevelopmentSecret) log.warn('AUTH_JWT_SECRET is not set: using the development secret (never in production)');
}
