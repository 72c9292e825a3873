/** Writes the OpenAPI document generated from the controllers to openapi.json (committed; a test fails on drift). */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, openApiDocument } from '../apps/api/src/app';

async function main(): Promise<void> {
  process.env.LOG_LEVEL = 'silent';
  process.env.DATA_DIR ??= join(tmpdir(), 'exam-openapi');
  const app = await createApp({ withWorker: false });
  const document = openApiDocument(app);
  writeFileSync(join(__dirname, '..', '..', 'openapi.json'), `${JSON.stringify(document, null, 2)}\n`);
  await app.close();
  console.log('openapi.json written');
}

void main();
