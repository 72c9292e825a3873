import { createApp, listen } from './app';
import { closeOnSignals } from '@exam/infrastructure';

/** `npm start`: api and worker in one process on the embedded defaults; `npm run start:api`: the api alone. */
async function main(): Promise<void> {
  const withWorker = !process.argv.includes('--api-only');
  const app = await createApp({ withWorker });
  closeOnSignals(app, 'Api');
  await listen(app);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
