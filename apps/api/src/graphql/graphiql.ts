import fastifyStatic from '@fastify/static';
import { FastifyInstance } from 'fastify';
import { dirname } from 'node:path';

/**
 * The browser bundles GraphiQL needs, served from the npm packages themselves (issue 13: Mercurius'
 * own page loads them from a CDN, a white page offline). React 18 and GraphiQL 3 are the last
 * versions that ship UMD bundles a plain <script> can load.
 */
const ASSETS = [
  { name: 'react.js', pkg: 'react', file: 'umd/react.production.min.js' },
  { name: 'react-dom.js', pkg: 'react-dom', file: 'umd/react-dom.production.min.js' },
  { name: 'graphiql.js', pkg: 'graphiql', file: 'graphiql.min.js' },
  { name: 'graphiql.css', pkg: 'graphiql', file: 'graphiql.min.css' },
];

/** graphiql's package.json has no `exports`, so resolving its main file is how to find its folder. */
function packageFolder(pkg: string): string {
  return pkg === 'graphiql' ? dirname(dirname(require.resolve('graphiql'))) : dirname(require.resolve(`${pkg}/package.json`));
}

const PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>GraphiQL: exam backend</title>
  <meta name="robots" content="noindex">
  <link rel="stylesheet" href="/graphiql/assets/graphiql.css">
  <style>body { margin: 0; } #graphiql { height: 100vh; }</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="/graphiql/assets/react.js"></script>
  <script src="/graphiql/assets/react-dom.js"></script>
  <script src="/graphiql/assets/graphiql.js"></script>
  <script>
    ReactDOM.createRoot(document.getElementById('graphiql')).render(
      React.createElement(GraphiQL, {
        fetcher: GraphiQL.createFetcher({ url: '/graphql' }),
        defaultQuery: '# Every query needs a token: npm run -s token -- --role learner --sub learner-1\\n{ myExams { id status } }\\n',
        headers: '{ "Authorization": "Bearer <token>" }',
        defaultEditorToolsVisibility: 'headers',
        shouldPersistHeaders: true,
      }),
    );
  </script>
</body>
</html>
`;

/** GET /graphiql and its assets (outside production only: the caller decides). */
export async function registerGraphiql(fastify: FastifyInstance): Promise<void> {
  await fastify.register(async (scope) => {
    // serve: false: only the files named in ASSETS are reachable, never the rest of node_modules.
    await scope.register(fastifyStatic, { root: packageFolder('react'), serve: false });
    scope.get('/graphiql', async (_request, reply) => reply.type('text/html; charset=utf-8').send(PAGE));
    for (const { name, pkg, file } of ASSETS) {
      const folder = packageFolder(pkg);
      scope.get(`/graphiql/assets/${name}`, async (_request, reply) =>
        reply.header('cache-control', 'public, max-age=86400').sendFile(file, folder),
      );
    }
  });
}
