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

function contractSchema(): GraphQLSchema {
  const contract = readFileSync(join(ROOT, 'docs/contract/CONTRACT.md'), 'utf8');
  const block = /```graphql\n([\s\S]*?)```/.exec(contract);
  if (!block) throw new Error('no graphql block in CONTRACT.md');
  return buildSchema(block[1]);
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
