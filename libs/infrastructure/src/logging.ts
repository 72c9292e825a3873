import { LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Level, Logger as Pino } from 'pino';

/** pino's levels, `log` (Nest's word for info) and `silent`. */
const LEVELS: Record<string, Level | 'silent'> = {
  silent: 'silent',
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  info: 'info',
  log: 'info',
  debug: 'debug',
  trace: 'trace',
};

/**
 * Nest's framework chatter at start-up (one line per module and per route: ~85 lines) goes to debug;
 * the banner says what a person needs instead.
 */
const START_UP_CONTEXTS = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'NestApplication',
  'GraphQLModule',
]);

export interface LogSettings {
  level: Level | 'silent';
  /** `json`: one object per line, no colour (machines, files); `pretty`: pino-pretty, for people. */
  format: 'json' | 'pretty';
}

/** LOG_LEVEL (default info) and LOG_FORMAT (default json), checked before anything else starts. */
export function logSettings(env: NodeJS.ProcessEnv = process.env): LogSettings {
  const level = LEVELS[env.LOG_LEVEL || 'info'];
  if (!level) throw new Error(`LOG_LEVEL must be one of ${Object.keys(LEVELS).join(', ')}, got "${env.LOG_LEVEL}"`);
  const format = env.LOG_FORMAT || 'json';
  if (format !== 'json' && format !== 'pretty') throw new Error(`LOG_FORMAT must be json or pretty, got "${format}"`);
  return { level, format };
}

/**
 * The process's one pino logger: Fastify logs requests through it, Nest's Logger writes through it
 * (NestLog). pino-pretty is a dev dependency, loaded only for LOG_FORMAT=pretty, so a production
 * install (npm ci --omit=dev) never needs it.
 */
export async function createLog(name: string, settings: LogSettings = logSettings()): Promise<Pino> {
  const options = { name, level: settings.level, timestamp: pino.stdTimeFunctions.isoTime };
  if (settings.format === 'json') return pino(options);
  return pino(options, await prettyStream());
}

async function prettyStream(): Promise<DestinationStream> {
  try {
    const { default: pretty } = await import('pino-pretty');
    return pretty({ ignore: 'pid,hostname', translateTime: 'HH:MM:ss.l' });
  } catch {
    throw new Error('LOG_FORMAT=pretty needs pino-pretty, a dev dependency (npm install); production logs are JSON');
  }
}

/** Nest's LoggerService over pino: every `new Logger(context)` in the app writes JSON lines with `context`. */
export class NestLog implements LoggerService {
  constructor(readonly pino: Pino) {}

  log(message: unknown, ...rest: unknown[]): void {
    const { context } = this.split(rest);
    if (context && START_UP_CONTEXTS.has(context)) this.write('debug', message, rest);
    else this.write('info', message, rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  /** Nest passes the context last, and for errors a stack before it. */
  private split(rest: unknown[]): { context?: string; stack?: string } {
    const strings = rest.filter((part): part is string => typeof part === 'string');
    return { context: strings.at(-1), stack: strings.length > 1 ? strings[0] : undefined };
  }

  private write(level: Level, message: unknown, rest: unknown[]): void {
    const { context, stack } = this.split(rest);
    if (message instanceof Error) this.pino[level]({ context, err: message }, message.message);
    else if (typeof message === 'string') this.pino[level]({ context, ...(stack ? { stack } : {}) }, message);
    else this.pino[level]({ context, detail: message });
  }
}
