import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { buildSchema, GraphQLSchema, lexicographicSortSchema, parse, print, printSchema, visit } from 'graphql';
import { startTestApp, TestApp } from '../support/test-app';

const ROOT = join(__dirname, '..', '..');

/** The schema without descriptions, types and fields sorted: what clients are built against. */
function shape(schema: GraphQLSchema): string {
  const sdl = printSchema(lexicographicSortSchema(schema));
  const stripped = visit(parse(sdl), {
    enter(node) {
      return 'description' in node && node.description ? { ...node, description: undefined } : undefined;
    },
  });
  return print(stripped);
}

/**
 * Sections marked "(added)" extend the schema in prose: "GraphQL `Exam` gains `learner: Person!`, …,
 * with `type Person { … }`". Their backticked fields and types join the block as an extension.
 */
function addedToExam(contract: string): string {
  const bullet = /^- GraphQL `Exam` gains ([\s\S]*?)(?=^- |^## )/m.exec(contract);
  if (!bullet) return '';
  const snippets = [...bullet[1].matchAll(/`([^`]+)`/g)].map((m) => m[1].replace(/\s+/g, ' ').trim());
  const fields = snippets.filter((s) => /^\w+: [\w![\]]+$/.test(s));
  const types = snippets.filter((s) => s.startsWith('type '));
  return `extend type Exam { ${fields.join(' ')} }\n${types.join('\n')}`;
}

function contractSchema(): GraphQLSchema {
  const contract = readFileSync(join(ROOT, 'docs/contract/CONTRACT.md'), 'utf8');
  const block = /```graphql\n([\s\S]*?)```/.exec(contract);
  if (!block) throw new Error('no graphql block in CONTRACT.md');
  return buildSchema(`${block[1]}\n${addedToExam(contract)}`);
}

describe('the GraphQL schema against CONTRACT.md', () => {
  let t: TestApp;
  let served: GraphQLSchema;
  beforeAll(async () => {
    t = await startTestApp({ withWorker: false });
    served = t.app.get(GraphQLSchemaHost).schema;
  });
  afterAll(() => t.close());

  it('serves exactly the schema of CONTRACT.md (names, fields, types, nullability, arguments)', () => {
    expect(shape(served)).toBe(shape(contractSchema()));
  });

  it('matches the committed schema.graphql (run `npm run graphql:schema` after changing a type)', () => {
    const committed = readFileSync(join(ROOT, 'schema.graphql'), 'utf8');
    expect(committed.trim()).toBe(printSchema(lexicographicSortSchema(served)).trim());
  });

  it('detects drift: a contract with one field renamed no longer matches', () => {
    const drifted = buildSchema(printSchema(contractSchema()).replace('canHandIn: Boolean!', 'canHandin: Boolean!'));
    expect(shape(served)).not.toBe(shape(drifted));
  });
});
