import { personKeysContract } from '../person-keys.contract';
import { MongoPersonKeys } from './mongo-person-keys';

// A real MongoDB wire-protocol server: FerretDB started by test/setup, or the server MONGO_URL names.
const url = process.env.MONGO_URL;
if (url) {
  personKeysContract('MongoDB', async () => {
    const keys = await MongoPersonKeys.connect(url);
    return { keys, teardown: () => keys.close() };
  });
} else {
  describe.skip(`MongoDB person keys (skipped: ${process.env.MONGO_SKIP_REASON ?? 'MONGO_URL is not set'})`, () => {
    it('needs MONGO_URL or a ferretdb binary', () => undefined);
  });
}
