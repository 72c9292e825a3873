import 'reflect-metadata';
import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FollowersModule } from '@exam/followers';
import { closeOnSignals, InfrastructureModule } from '@exam/infrastructure';

@Module({ imports: [InfrastructureModule, FollowersModule] })
class WorkerRootModule {}

/** `npm run start:worker`: followers of the event log (jobs, projectors) without the HTTP api. */
async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerRootModule);
  closeOnSignals(app, 'Worker');
  new Logger('Worker').log('worker running');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
