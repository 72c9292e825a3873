import { AppConfig } from './config';
import { openEventStore } from './stores';

describe('opening the configured event store', () => {
  it('refuses an EVENTSTORE_URL the EventStoreDB client cannot parse with an error naming the variable', async () => {
    // A valid URL (it passes AppConfig) that the client's own parser refuses: tls takes true or false.
    const config = new AppConfig({
      AUTH_JWT_SECRET: 'test-secret-of-at-least-16-chars',
      EVENTSTORE_URL: 'esdb://localhost:2113?tls=maybe',
    });

    await expect(openEventStore(config)).rejects.toThrow(/^EVENTSTORE_URL: not an EventStoreDB connection string .*true or false/s);
  });
});
