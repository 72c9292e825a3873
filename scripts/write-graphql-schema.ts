/** Writes the GraphQL schema generated from the code-first types to schema.graphql (committed; a test fails on drift). */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { createApp } from '../apps/api/src/app';

async function main(): Promise<void> {
  process.env.LOG_LEVEL = 'silent';
  process.env.DATA_DIR ??= join(tmpdir(), 'exam-graphql-schema');
  const app = await createApp({ withWorker: false });
  await app.init();
  const sdl = printSchema(lexicographicSortSchema(app.get(GraphQLSchemaHost).schema));
  writeFileSync(join(__dirname, '..', '..', 'schema.graphql'), `${sdl}\n`);
  await app.close();
  console.log('schema.graphql written');
}

void main();
