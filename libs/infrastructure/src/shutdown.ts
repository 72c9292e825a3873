import { INestApplicationContext, Logger } from '@nestjs/common';

/**
 * Graceful shutdown on SIGTERM/SIGINT: stop taking requests, let in-flight commands finish,
 * stop followers after the event in hand (checkpoints saved), close the stores. A process that
 * cannot finish within the deadline exits anyway: every acknowledged write is already durable.
 */
export function closeOnSignals(
  app: INestApplicationContext,
  name: string,
  deadlineMs = Number(process.env.SHUTDOWN_DEADLINE_MS ?? 10_000),
): void {
  const logger = new Logger(name);
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    logger.log(`${signal}: shutting down`);
    const deadline = setTimeout(() => {
      logger.error(`shutdown took longer than ${deadlineMs} ms; exiting`);
      process.exit(1);
    }, deadlineMs);
    deadline.unref();
    app.close().then(
      () => {
        logger.log('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error(`shutdown failed: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
