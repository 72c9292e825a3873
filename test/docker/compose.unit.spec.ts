import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

/*
 * No Docker engine runs on the development machines, so docker/compose.yml and docker/Dockerfile
 * are checked by shape: the services, images, environment and health the stack depends on.
 */
const ROOT = join(__dirname, '..', '..');
const DOCKER = join(ROOT, 'docker');

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[] | string;
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: string[];
  healthcheck?: { test?: string[] | string; disable?: boolean };
  depends_on?: Record<string, { condition?: string }> | string[];
}

const compose = parse(readFileSync(join(DOCKER, 'compose.yml'), 'utf8')) as { services: Record<string, ComposeService> };
const services = compose.services;
const APPS = ['api', 'worker'] as const;
const SERVERS = ['eventstore', 'mongo', 'redis'] as const;

function environment(service: ComposeService): Record<string, string> {
  const raw = service.environment ?? {};
  if (Array.isArray(raw)) {
    return Object.fromEntries(raw.map((entry) => [entry.split('=')[0], entry.slice(entry.indexOf('=') + 1)]));
  }
  return Object.fromEntries(Object.entries(raw).map(([name, value]) => [name, String(value)]));
}

function words(command: string[] | string | undefined): string[] {
  return Array.isArray(command) ? command : (command ?? '').split(/\s+/).filter(Boolean);
}

describe('docker/compose.yml', () => {
  it('runs exactly the three servers, the api and a worker', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'eventstore', 'mongo', 'redis', 'worker']);
  });

  it('uses the agreed server images', () => {
    expect(services.eventstore.image).toBe('eventstore/eventstore:24.10');
    expect(services.mongo.image).toBe('mongo:7');
    expect(services.redis.image).toBe('redis:7');
  });

  it('runs EventStoreDB as an insecure single node without projections, on port 2113', () => {
    expect(environment(services.eventstore)).toMatchObject({ EVENTSTORE_INSECURE: 'true', EVENTSTORE_RUN_PROJECTIONS: 'None' });
    expect(services.eventstore.ports).toContain('2113:2113');
  });

  it('runs MongoDB standalone (no replica set)', () => {
    expect(words(services.mongo.command).join(' ')).not.toMatch(/--replSet/);
  });

  it.each(APPS)('builds %s from the repository root with docker/Dockerfile', (name) => {
    const build = services[name].build!;
    expect(build).toEqual({ context: '..', dockerfile: 'docker/Dockerfile' });
    expect(resolve(DOCKER, build.context)).toBe(resolve(ROOT));
    expect(existsSync(join(resolve(DOCKER, build.context), build.dockerfile))).toBe(true);
    expect(services[name].image).toBe(services.api.image);
  });

  it.each(APPS)('gives %s exactly the production environment, with the secret required from the host', (name) => {
    const env = environment(services[name]);

    expect(Object.keys(env).sort()).toEqual(['AUTH_JWT_SECRET', 'DATA_KEY', 'EVENTSTORE_URL', 'MONGO_URL', 'NODE_ENV', 'REDIS_URL']);
    expect(env).toMatchObject({
      EVENTSTORE_URL: 'esdb://eventstore:2113?tls=false',
      MONGO_URL: 'mongodb://mongo:27017/exam',
      REDIS_URL: 'redis://redis:6379',
      NODE_ENV: 'production',
    });
    // `${VAR:?message}`: compose refuses to start without it; no default secret can slip into production.
    expect(env.AUTH_JWT_SECRET).toMatch(/^\$\{AUTH_JWT_SECRET:\?[^}]+\}$/);
    // The master key of personal data: production never generates one (losing it loses every name).
    expect(env.DATA_KEY).toMatch(/^\$\{DATA_KEY:\?[^}]+\}$/);
  });

  it.each(APPS)('points the URLs of %s at services of this file', (name) => {
    const env = environment(services[name]);
    for (const variable of ['EVENTSTORE_URL', 'MONGO_URL', 'REDIS_URL']) {
      expect(Object.keys(services)).toContain(new URL(env[variable]).hostname);
    }
  });

  it('starts the api alone on port 3000 and the worker with its own entry point', () => {
    expect(words(services.api.command)).toEqual(['node', 'dist/apps/api/src/main.js', '--api-only']);
    expect(services.api.ports).toContain('3000:3000');
    expect(words(services.worker.command)).toEqual(['node', 'dist/apps/worker/src/main.js']);
  });

  it.each([...SERVERS, 'api'])('checks the health of %s', (name) => {
    const healthcheck = services[name].healthcheck;
    expect(healthcheck?.disable).not.toBe(true);
    expect(words(healthcheck?.test).length).toBeGreaterThan(1);
  });

  it('checks the api on /health/live', () => {
    expect(words(services.api.healthcheck?.test).join(' ')).toContain('/health/live');
  });

  it.each(APPS)('starts %s only once every server is healthy', (name) => {
    const dependsOn = services[name].depends_on;
    expect(Array.isArray(dependsOn)).toBe(false);
    expect(dependsOn).toEqual({
      eventstore: { condition: 'service_healthy' },
      mongo: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
    });
  });

  it('waits for health only on services that have a health check', () => {
    for (const service of Object.values(services)) {
      if (service.depends_on === undefined || Array.isArray(service.depends_on)) continue;
      for (const [dependency, { condition }] of Object.entries(service.depends_on)) {
        if (condition === 'service_healthy') expect(services[dependency].healthcheck?.test).toBeDefined();
      }
    }
  });
});

interface Instruction {
  keyword: string;
  args: string;
}

/** Dockerfile instructions, with continuation lines joined and comments dropped. */
function instructions(text: string): Instruction[] {
  const logical: string[] = [];
  let pending = '';
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (pending === '' && (trimmed === '' || trimmed.startsWith('#'))) continue;
    if (trimmed.startsWith('#')) continue; // a comment inside a continued instruction
    if (trimmed.endsWith('\\')) {
      pending += `${trimmed.slice(0, -1)} `;
      continue;
    }
    logical.push(pending + trimmed);
    pending = '';
  }
  if (pending !== '') logical.push(pending.trim());
  return logical.map((line) => {
    const [keyword, ...rest] = line.split(/\s+/);
    return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
  });
}

/** Exec form (`["node", "x"]`) or shell form, as words. */
function execWords(args: string): string[] {
  return args.startsWith('[') ? (JSON.parse(args) as string[]) : args.split(/\s+/);
}

describe('docker/Dockerfile', () => {
  const all = instructions(readFileSync(join(DOCKER, 'Dockerfile'), 'utf8'));
  const stageStarts = all.flatMap((instruction, index) => (instruction.keyword === 'FROM' ? [index] : []));
  const stages = stageStarts.map((start, i) => {
    const [base, as, name] = all[start].args.split(/\s+/);
    return { base, name: as?.toUpperCase() === 'AS' ? name : undefined, body: all.slice(start + 1, stageStarts[i + 1]) };
  });
  const final = stages[stages.length - 1];
  const inFinal = (keyword: string) => final.body.filter((instruction) => instruction.keyword === keyword);
  const runsOf = (stage: (typeof stages)[number]) => stage.body.filter((i) => i.keyword === 'RUN').map((i) => i.args);

  it('is multi-stage, on node:20-bookworm-slim or an earlier stage', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    stages.forEach((stage, index) => {
      const earlier = stages.slice(0, index).map((s) => s.name);
      expect(stage.base === 'node:20-bookworm-slim' || earlier.includes(stage.base)).toBe(true);
    });
    expect(final.base).toBe('node:20-bookworm-slim');
  });

  it('has the native build tools where dependencies are installed, and not in the final image', () => {
    const toolchain = all.filter((i) => i.keyword === 'RUN' && /apt-get install/.test(i.args)).map((i) => i.args);
    expect(toolchain.length).toBeGreaterThan(0);
    for (const tool of ['python3', 'make', 'g++']) expect(toolchain.join(' ')).toContain(tool);
    expect(runsOf(final).join(' ')).not.toMatch(/apt-get install|npm (ci|install)/);
  });

  it('builds with npm ci and npm run build, and installs production dependencies with npm ci --omit=dev', () => {
    const runs = stages.flatMap(runsOf).join('\n');
    expect(runs).toMatch(/npm ci(?! --omit=dev)/);
    expect(runs).toContain('npm run build');
    expect(runs).toContain('npm ci --omit=dev');
  });

  it('copies only production node_modules and dist/ into the final image, from the stages that made them', () => {
    const copies = inFinal('COPY').map((copy) => copy.args);
    const from = (stagePath: string) => copies.find((args) => args.includes(stagePath))?.match(/--from=(\S+)/)?.[1];
    const depsStage = stages.find((stage) => stage.name === from('/app/node_modules'));
    const buildStage = stages.find((stage) => stage.name === from('/app/dist'));

    expect(runsOf(depsStage!).join(' ')).toContain('npm ci --omit=dev');
    expect(runsOf(buildStage!).join(' ')).toContain('npm run build');
    expect(copies.filter((args) => !args.includes('--from=')).every((args) => /^package\.json\s/.test(args))).toBe(true);
  });

  it('runs as a non-root user in the final stage', () => {
    const users = inFinal('USER');
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0', '0:0']).not.toContain(users[users.length - 1].args.trim());
  });

  it('exposes port 3000 and checks /health/live', () => {
    expect(inFinal('EXPOSE').map((i) => i.args)).toContain('3000');
    const [healthcheck] = inFinal('HEALTHCHECK');
    expect(healthcheck?.args).toContain('/health/live');
  });

  it('starts the api alone by default', () => {
    const commands = inFinal('CMD');
    const command = execWords(commands[commands.length - 1].args);
    expect(command).toEqual(['node', 'dist/apps/api/src/main.js', '--api-only']);
  });
});
