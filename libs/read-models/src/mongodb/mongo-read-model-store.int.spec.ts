import { readModelStoreContract } from '../read-model-store.contract';
import { MongoReadModelStore } from './mongo-read-model-store';

// Runs against a real MongoDB wire-protocol server: FerretDB started by test/setup when its binary
// exists, or the server MONGO_URL names. Without either, the tier is skipped and says why.
const url = process.env.MONGO_URL;
if (url) {
  readModelStoreContract('MongoDB', async () => {
    const store = await MongoReadModelStore.connect(url);
    return { store, teardown: () => store.close() };
  });
} else {
  console.warn(`MongoDB read-model tier skipped: ${process.env.MONGO_SKIP_REASON ?? 'MONGO_URL is not set'}`);
  describe.skip(`MongoDB read-model store (skipped: ${process.env.MONGO_SKIP_REASON ?? 'MONGO_URL is not set'})`, () => {
    it('needs MONGO_URL or a ferretdb binary', () => undefined);
  });
}
