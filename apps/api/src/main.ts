import { createApp, listen } from './app';

/** `npm start`: api and worker in one process on the embedded defaults; `npm run start:api`: the api alone. */
async function main(): Promise<void> {
  const withWorker = !process.argv.includes('--api-only');
  await listen(await createApp({ withWorker }));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
