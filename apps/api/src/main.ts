import { createApp, listen } from './app';
import { closeOnSignals, loadDotEnv } from '@exam/infrastructure';

/** `npm start`: the api, and the worker as a child process it supervises, on the embedded defaults; `npm run start:api`: the api alone. */
async function main(): Promise<void> {
  loadDotEnv();
  const app = await createApp({ withWorker: false, superviseWorker: !process.argv.includes('--api-only') });
  closeOnSignals(app, 'Api');
  await listen(app);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
