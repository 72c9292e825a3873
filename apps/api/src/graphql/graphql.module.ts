import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, MercuriusDriverConfig } from '@nestjs/mercurius';
import { NoSchemaIntrospectionCustomRule } from 'graphql';
import { FastifyRequest } from 'fastify';
import mercurius from 'mercurius';
import { PeopleDirectory } from '@exam/personal-data';
import { peopleLoaders } from './people-loaders';
import { aliasLimit, directiveLimit, queryCostLimit, queryDepthLimit } from './query-cost.rule';

export const MAX_QUERY_DEPTH = 8;
export const MAX_QUERY_COST = 5000;
/** The standard introspection query (GraphiQL's, with every option) costs about 52,000 by the same measure. */
export const MAX_INTROSPECTION_COST = 60_000;
/** Distinct documents whose parse and validation are kept. */
export const QUERY_CACHE_ENTRIES = 1024;
export const MAX_ALIASES = 50;
export const MAX_DIRECTIVES = 50;
/** Far above any query the learner app sends (standard introspection is about 300 tokens); the parser stops there. */
export const MAX_QUERY_TOKENS = 3000;

/** "Did you mean …?" in a validation message tells a stranger the schema's field names. */
const SUGGESTION = / ?Did you mean [^?]*\?/g;

/**
 * Mercurius' own formatter, with two changes: a refused document (validation, depth, parse) is
 * 400 however many errors it has (Mercurius answers 200 for more than one), and in production no
 * message carries a field-name suggestion.
 */
function errorFormatter(production: boolean): NonNullable<MercuriusDriverConfig['errorFormatter']> {
  return (execution, context) => {
    const formatted = mercurius.defaultErrorFormatter(execution, context);
    const refused = !execution.data && execution.errors?.some((e) => isRefusal(e.originalError));
    const errors = formatted.response.errors?.map((error) =>
      production ? { ...error, message: error.message.replace(SUGGESTION, '') } : error,
    );
    return { statusCode: refused ? 400 : formatted.statusCode, response: { ...formatted.response, ...(errors ? { errors } : {}) } };
  };
}

/** Mercurius' codes for a document it would not run. */
function isRefusal(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'MER_ERR_GQL_VALIDATION';
}

/** The learner app's GraphQL API (code first, on Mercurius: Fastify's own GraphQL server). */
@Module({
  imports: [
    GraphQLModule.forRootAsync<MercuriusDriverConfig>({
      driver: MercuriusDriver,
      inject: [PeopleDirectory],
      useFactory: (people: PeopleDirectory) => {
        const production = process.env.NODE_ENV === 'production';
        return {
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          // No introspection in production; GraphiQL (outside production) is our own page, served offline: graphiql.ts.
          graphiql: false,
          validationRules: [
            queryDepthLimit(MAX_QUERY_DEPTH),
            queryCostLimit(MAX_QUERY_COST, MAX_INTROSPECTION_COST),
            aliasLimit(MAX_ALIASES),
            directiveLimit(MAX_DIRECTIVES),
            ...(production ? [NoSchemaIntrospectionCustomRule] : []),
          ],
          graphql: { parseOptions: { maxTokens: MAX_QUERY_TOKENS } },
          errorFormatter: errorFormatter(production),
          // Parsed and validated documents are cached (Mercurius' LRU; refused ones in a cache of their own),
          // so a repeated query is neither parsed nor validated again (38.6% of the read profile, issue 9).
          // The cache is loaded with a dynamic import() of an ESM package, which jest's CommonJS runtime
          // cannot do: in-process test apps run without it; the suites that spawn the built server run with it.
          cache: process.env.JEST_WORKER_ID === undefined ? QUERY_CACHE_ENTRIES : false,
          context: (request: FastifyRequest & { actor?: unknown }) => ({ actor: request.actor, people: peopleLoaders(people) }),
        };
      },
    }),
  ],
})
export class ExamGraphqlModule {}
