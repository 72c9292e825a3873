import { join, resolve } from 'node:path';

const DEVELOPMENT_SECRET = 'development-secret-not-for-production';

/** CONTRACT.md, "Running": configuration from the environment, validated once at start-up. */
export class AppConfig {
  readonly port: number;
  /** The address to listen on (HOST; default all interfaces, as a container needs). */
  readonly host: string;
  readonly dataDir: string;
  readonly jwtSecret: string;
  /** No AUTH_JWT_SECRET: tokens are signed with the secret anyone can read in this repository (the banner warns). */
  readonly usesDevelopmentSecret: boolean;
  readonly production: boolean;
  /** Largest upload of any kind; videos have the stricter domain limit (100 MB). */
  readonly maxUploadBytes: number;
  /** Set: read models on MongoDB; unset: the embedded store under DATA_DIR. */
  readonly mongoUrl?: string;
  /** Set: events in EventStoreDB; unset: the SQLite log under DATA_DIR. */
  readonly eventStoreUrl?: string;
  /** Set: background jobs on BullMQ; unset: in-process. */
  readonly redisUrl?: string;
  /** How long a silent worker keeps the lead before a standby worker takes over. */
  readonly workerLeaseTtlMs: number;
  /** The platform's OpenID Connect provider (CONTRACT.md, "Identity from the platform"), when configured. */
  readonly oidc?: { jwksUrl: string; issuer: string; audience: string; refetchAfterMs: number };
  readonly roleClaim: string;
  readonly institutionClaim: string;
  /** GraphQL: a query unanswered this long gets 503 (GRAPHQL_TIMEOUT_MS). */
  readonly graphqlTimeoutMs: number;
  /** How long a partial upload in files/incoming/ sits untouched before start-up sweeps it as left by a crash. */
  readonly incomingStaleMs: number;
  /** CONTRACT.md: requests a minute per subject (or client address), commands and reads alike. */
  readonly rateLimitPerMinute: number;
  /** How often the worker records SubscriptionEnded for access that ran out. */
  readonly subscriptionExpiryIntervalMs: number;
  /** The master key that wraps every person's data key: DATA_KEY, or DATA_KEY_FILE, or (embedded) generated under DATA_DIR. */
  readonly masterKey: { key?: string; file?: string; generatedFile: string; mayGenerate: boolean };
  /** Where people reach this service: the proof's verification URL is PUBLIC_BASE_URL + /verify/<code>, and credentials' issuer. */
  readonly publicBaseUrl: string;
  /** The platform's Ed25519 key that signs credentials (a private JWK), generated there on first start. */
  readonly issuerKeyFile: string;
  /** CONTRACT.md "Operations": GET /metrics, unless METRICS=off. */
  readonly metricsEnabled: boolean;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.production = env.NODE_ENV === 'production';
    this.port = AppConfig.integer(env, 'PORT', 3000, 0); // 0: any free port (tests)
    this.host = env.HOST || '0.0.0.0';
    const metrics = env.METRICS || 'on';
    if (metrics !== 'on' && metrics !== 'off') throw new Error(`METRICS must be on or off, got "${metrics}"`);
    this.metricsEnabled = metrics === 'on';
    this.dataDir = resolve(env.DATA_DIR || './data');
    this.workerLeaseTtlMs = AppConfig.integer(env, 'WORKER_LEASE_TTL_MS', 10_000);
    this.subscriptionExpiryIntervalMs = AppConfig.integer(env, 'SUBSCRIPTION_EXPIRY_INTERVAL_MS', 60_000);
    this.maxUploadBytes = AppConfig.integer(env, 'MAX_UPLOAD_BYTES', 1024 * 1024 * 1024);
    this.rateLimitPerMinute = AppConfig.integer(env, 'RATE_LIMIT_PER_MINUTE', 600);
    this.graphqlTimeoutMs = AppConfig.integer(env, 'GRAPHQL_TIMEOUT_MS', 10_000);
    this.incomingStaleMs = AppConfig.integer(env, 'INCOMING_STALE_MS', 10 * 60_000, 0);
    this.publicBaseUrl = (AppConfig.url(env, 'PUBLIC_BASE_URL', ['https:', 'http:']) ?? `http://127.0.0.1:${this.port}`).replace(
      /\/+$/,
      '',
    );
    this.issuerKeyFile = resolve(env.ISSUER_KEY_FILE || join(this.dataDir, 'issuer-key.jwk.json'));
    this.mongoUrl = AppConfig.mongoUrl(env);
    // Only what @eventstore/db-client 6.x parses: kurrentdb:// needs its successor @kurrent/kurrentdb-client.
    this.eventStoreUrl = AppConfig.url(env, 'EVENTSTORE_URL', ['esdb:', 'esdb+discover:']);
    this.redisUrl = AppConfig.url(env, 'REDIS_URL', ['redis:', 'rediss:']);
    this.masterKey = {
      key: env.DATA_KEY || undefined,
      file: env.DATA_KEY_FILE ? resolve(env.DATA_KEY_FILE) : undefined,
      generatedFile: resolve(this.dataDir, 'data-key'),
      mayGenerate: !this.production,
    };
    const jwksUrl = AppConfig.url(env, 'AUTH_JWKS_URL', ['https:', 'http:']);
    if (jwksUrl) {
      const issuer = env.AUTH_ISSUER;
      const audience = env.AUTH_AUDIENCE;
      if (!issuer) throw new Error('AUTH_ISSUER is required with AUTH_JWKS_URL (the required "iss" of provider tokens)');
      if (!audience) throw new Error('AUTH_AUDIENCE is required with AUTH_JWKS_URL (the required "aud" of provider tokens)');
      this.oidc = { jwksUrl, issuer, audience, refetchAfterMs: AppConfig.integer(env, 'AUTH_JWKS_REFETCH_MS', 30_000, 0) };
    }
    this.roleClaim = env.AUTH_ROLE_CLAIM || 'role';
    this.institutionClaim = env.AUTH_INSTITUTION_CLAIM || 'institutionId';
    const secret = env.AUTH_JWT_SECRET || undefined; // empty, as in a copied .env.example: unset
    if (!secret && this.production) throw new Error('AUTH_JWT_SECRET is required when NODE_ENV=production');
    if (secret !== undefined && secret.length < 16) throw new Error('AUTH_JWT_SECRET must be at least 16 characters');
    this.usesDevelopmentSecret = !secret;
    this.jwtSecret = secret ?? DEVELOPMENT_SECRET;
  }

  /** A connection string, checked at start-up so a typo fails fast and names its variable. */
  private static url(env: NodeJS.ProcessEnv, name: string, protocols: string[]): string | undefined {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    let protocol: string;
    try {
      protocol = new URL(raw).protocol;
    } catch {
      throw new Error(`${name} is not a valid URL: "${raw}"`);
    }
    if (!protocols.includes(protocol))
      throw new Error(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}, got "${raw}"`);
    return raw;
  }

  /**
   * MONGO_URL names its database (`mongodb://host:27017/exam`): without one the driver silently
   * uses `test`. Several hosts (`mongodb://a:27017,b:27017/exam?replicaSet=rs0`) are no WHATWG URL,
   * so this reads the connection string's own shape instead of `new URL`.
   */
  private static mongoUrl(env: NodeJS.ProcessEnv): string | undefined {
    const raw = env.MONGO_URL;
    if (raw === undefined || raw === '') return undefined;
    const shape = /^(mongodb|mongodb\+srv):\/\/([^/?#]+)(?:\/([^?#]*))?(?:\?[^#]*)?$/.exec(raw);
    if (shape === null) throw new Error(`MONGO_URL must start with mongodb:// or mongodb+srv:// and name hosts, got "${raw}"`);
    const database = decodeURIComponent(shape[3] ?? '');
    if (database === '') {
      throw new Error(`MONGO_URL must name the database after the hosts (mongodb://host:27017/exam), got "${raw}"`);
    }
    return raw;
  }

  private static integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 1): number {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer of at least ${min}, got "${raw}"`);
    return value;
  }
}

export { DEVELOPMENT_SECRET };
