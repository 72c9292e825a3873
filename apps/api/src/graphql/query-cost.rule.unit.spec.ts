import { buildSchema, getIntrospectionQuery, parse, specifiedRules, validate } from 'graphql';
import { MAX_INTROSPECTION_COST, MAX_QUERY_COST, MAX_QUERY_DEPTH } from './graphql.module';
import { queryCostLimit, queryDepthLimit } from './query-cost.rule';

const schema = buildSchema(`
  type Exam { id: ID! files: [File!]! }
  type File { id: ID! }
  type Query { exam(id: ID!): Exam myExams: [Exam!]! }
`);

/** The cost the rule computes (of the data, or of the introspection), read from its refusal at a limit of 0 (or none for a free document). */
function costOf(query: string): string | undefined {
  const [error] = validate(schema, parse(query), [queryCostLimit(0)]);
  return /(?:query|introspection) cost (\S+) exceeds/.exec(error?.message ?? '')?.[1];
}

describe('the query cost rule', () => {
  it('prices each field 1 plus what it selects, lists ×10', () => {
    expect(costOf('{ exam(id: "1") { id } }')).toBe('2');
    expect(costOf('{ myExams { id files { id } } }')).toBe(String(1 + 10 * (1 + 1 + 10 * 1)));
  });

  it('prices __typename like any field', () => {
    expect(costOf('{ exam(id: "1") { __typename } }')).toBe('2');
    expect(costOf('{ myExams { __typename } }')).toBe('11');
  });

  it('prices a fragment as if it were written out, however it is spread', () => {
    const inline = costOf('{ myExams { id files { id } } }');
    expect(costOf('{ ...Q } fragment Q on Query { myExams { ...E } } fragment E on Exam { id files { id } }')).toBe(inline);
  });

  it('prices 40 fragments that each spread the next twice (2^40 expansions) once each', () => {
    const chain = Array.from({ length: 40 }, (_, i) => `fragment F${i} on Query { myExams { id } ...F${i + 1} ...F${i + 1} }`);
    const cost = costOf(`{ ...F0 } ${chain.join(' ')} fragment F40 on Query { myExams { id } }`);
    expect(Number(cost)).toBe(11 * (2 ** 41 - 1));
  });

  it('leaves a fragment cycle to graphql’s NoFragmentCycles rule instead of expanding it', () => {
    const errors = validate(schema, parse('{ ...A } fragment A on Query { myExams { id } ...A ...A }'), [queryCostLimit(0)]);
    expect(errors).toEqual([]);
  });
});

describe('the query depth rule', () => {
  const refusal = (query: string, limit = 3) => validate(schema, parse(query), [queryDepthLimit(limit)]).map((e) => e.message);

  it('refuses fields nested deeper than the limit, fragments counted as written out', () => {
    expect(refusal('{ myExams { files { id } } }')).toEqual([]);
    expect(refusal('{ myExams { files { id } } }', 2)).toEqual(['query depth 3 exceeds the limit of 2']);
    expect(refusal('{ ...Q } fragment Q on Query { myExams { ...E } } fragment E on Exam { files { id } }', 2)).toEqual([
      'query depth 3 exceeds the limit of 2',
    ]);
    expect(refusal('{ myExams { ... on Exam { files { id } } } }', 2)).toEqual(['query depth 3 exceeds the limit of 2']);
  });

  it('does not count __schema and __type: the standard introspection query passes at the server’s limit', () => {
    expect(refusal(getIntrospectionQuery(), MAX_QUERY_DEPTH)).toEqual([]);
    expect(refusal('{ __type(name: "Exam") { fields { type { ofType { ofType { name } } } } } }', 1)).toEqual([]);
    expect(refusal('{ __schema { queryType { name } } myExams { files { id } } }', 2)).toEqual(['query depth 3 exceeds the limit of 2']);
  });

  it('leaves nesting type lists in each other to graphql’s MaxIntrospectionDepthRule', () => {
    const nested = parse('{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }');
    const errors = validate(schema, nested, [...specifiedRules, queryDepthLimit(MAX_QUERY_DEPTH)]).map((e) => e.message);
    expect(errors).toEqual(['Maximum introspection depth exceeded']);
  });
});

describe('the query cost rule on introspection', () => {
  const serverLimits = (query: string) =>
    validate(schema, parse(query), [queryCostLimit(MAX_QUERY_COST, MAX_INTROSPECTION_COST)]).map((e) => e.message);
  const everyOption = {
    descriptions: true,
    specifiedByUrl: true,
    directiveIsRepeatable: true,
    schemaDescription: true,
    inputValueDeprecation: true,
  };

  it('prices __schema and __type like any field, lists ×10', () => {
    expect(costOf('{ __schema { queryType { name } } }')).toBe('3');
    expect(costOf('{ __type(name: "Exam") { fields { name } } }')).toBe(String(1 + 1 + 10 * 1));
    expect(Number(costOf(getIntrospectionQuery()))).toBeGreaterThan(MAX_QUERY_COST);
  });

  it('lets the standard introspection query through at the server’s limits, with every option GraphiQL may set', () => {
    expect(serverLimits(getIntrospectionQuery())).toEqual([]);
    expect(serverLimits(getIntrospectionQuery(everyOption))).toEqual([]);
  });

  it('refuses introspection that multiplies the work: nested argument lists, or the standard query under aliases', () => {
    const nested = '{ __schema { types { fields { args { type { fields { args { name } } } } } } } }';
    expect(serverLimits(nested)).toEqual([expect.stringMatching(/^introspection cost \d+ exceeds the limit of 60000$/)]);
    const twice = getIntrospectionQuery().replace('__schema {', 'a: __schema { queryType { name } } b: __schema {');
    expect(serverLimits(twice)).toEqual([]);
    const doubled = getIntrospectionQuery().replace('__schema {', 'a: __schema { types { ...FullType } } b: __schema {');
    expect(serverLimits(doubled)).toEqual([expect.stringMatching(/^introspection cost/)]);
  });

  it('keeps the data budget for data: introspection beside a query does not eat into it', () => {
    const fields = Array.from({ length: 49 }, (_, i) => `f${i}: id`).join(' ');
    expect(serverLimits(`{ myExams { ${fields} } __schema { queryType { name } } }`)).toEqual([]);
  });
});
