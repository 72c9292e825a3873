import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OpenAPIObject } from '@nestjs/swagger';
import { openApiDocument } from '../../apps/api/src/app';
import { startTestApp, TestApp } from '../support/test-app';

const ROOT = join(__dirname, '..', '..');
const CONTRACT = join(ROOT, 'docs/contract/CONTRACT.md');

interface ContractCommand {
  method: string;
  path: string;
  roles: string[];
  status: number;
  event: string;
}

/** The command table of CONTRACT.md, read from the file itself so a change there fails here. */
function contractCommands(markdown: string): ContractCommand[] {
  const section = markdown.split('## Commands')[1].split('\n## ')[0];
  return section
    .split('\n')
    .filter((line) => /^\| (GET|POST|PUT|DELETE) \//.test(line))
    .map((line) => {
      // Body cells hold `|` themselves ('numeric'|'rating'): route and roles lead, the event closes the row.
      const cells = line.split('|').map((cell) => cell.trim());
      const [route, roleCell] = cells.slice(1, 3);
      const event = cells[cells.length - 2];
      const body = cells.slice(3, -2).join('|');
      const [method, path] = route.split(' ');
      const roles = roleCell === 'the learner themself, admin' ? ['learner', 'admin'] : roleCell.split(',').map((r) => r.trim());
      const status = body.includes('→ 201') ? 201 : body.includes('→ 202') ? 202 : 200;
      return { method: method.toLowerCase(), path: path.replace(/:(\w+)/g, '{$1}'), roles, status, event };
    });
}

describe('the OpenAPI document against CONTRACT.md', () => {
  let t: TestApp;
  let document: OpenAPIObject;
  const commands = contractCommands(readFileSync(CONTRACT, 'utf8'));

  beforeAll(async () => {
    t = await startTestApp({ withWorker: false });
    document = openApiDocument(t.app);
  });
  afterAll(() => t.close());

  it('reads all 22 commands from the contract', () => {
    expect(commands).toHaveLength(22);
  });

  it.each(commands.map((c) => [`${c.method.toUpperCase()} ${c.path}`, c] as const))(
    'documents %s with its status and roles',
    (_, command) => {
      const operation = document.paths[command.path]?.[command.method as 'post'];
      expect(operation).toBeDefined();
      expect(Object.keys(operation!.responses)).toContain(String(command.status));
      expect(operation!.description).toContain(`Roles: ${command.roles.join(', ')}.`);
      expect(operation!.description).toContain(`Records ${command.event}.`);
    },
  );

  it('is served at /api/docs and /api/docs/openapi.json', async () => {
    expect((await t.api.call('GET', '/api/docs')).status).toBe(200);
    const served = await t.api.call('GET', '/api/docs/openapi.json');
    expect(served.body.paths['/api/exams/{id}/hand-in']).toBeDefined();
  });

  it('matches the committed openapi.json (run `npm run openapi` after changing a controller)', () => {
    const committed = JSON.parse(readFileSync(join(ROOT, 'openapi.json'), 'utf8'));
    expect(JSON.parse(JSON.stringify(document))).toEqual(committed);
  });

  const shared = join(ROOT, '..', 'shared', 'CONTRACT.md');
  (existsSync(shared) ? it : it.skip)(
    'keeps docs/contract/CONTRACT.md identical to the shared contract (skipped: no ../shared here)',
    () => {
      expect(readFileSync(CONTRACT, 'utf8')).toBe(readFileSync(shared, 'utf8'));
    },
  );
});
