import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, MercuriusDriverConfig } from '@nestjs/mercurius';
import { NoSchemaIntrospectionCustomRule } from 'graphql';
import { FastifyRequest } from 'fastify';
import { queryCostLimit } from './query-cost.rule';

export const MAX_QUERY_DEPTH = 8;
export const MAX_QUERY_COST = 5000;

/** The learner app's GraphQL API (code first, on Mercurius: Fastify's own GraphQL server). */
@Module({
  imports: [
    GraphQLModule.forRootAsync<MercuriusDriverConfig>({
      driver: MercuriusDriver,
      useFactory: () => {
        const production = process.env.NODE_ENV === 'production';
        return {
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          // CONTRACT.md / the issue: no GraphiQL and no introspection in production.
          graphiql: !production,
          queryDepth: MAX_QUERY_DEPTH,
          validationRules: [queryCostLimit(MAX_QUERY_COST), ...(production ? [NoSchemaIntrospectionCustomRule] : [])],
          // Mercurius loads its parse cache (quick-lru, ESM) with a dynamic import(), which jest's CommonJS
          // runtime cannot do; without the cache each request parses and validates its query (microseconds).
          cache: false,
          context: (request: FastifyRequest & { actor?: unknown }) => ({ actor: request.actor }),
        };
      },
    }),
  ],
})
export class ExamGraphqlModule {}
