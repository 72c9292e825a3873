/* global process, console */
// A real OpenID Connect provider (oidc-provider, a certified implementation) for the identity tests.
// Issues JWT access tokens by client credentials for the API's audience, with the role and
// institution claims the platform would put in them. Usage: node provider.mjs <port> <jwks.json>
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const [port, keysFile] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;
const AUDIENCE = 'https://exam.example/api';

/** Each test client stands for one person: its metadata carries the claims its tokens get. */
const person = (id, role, institutionId) => ({
  client_id: id,
  client_secret: `${id}-secret`,
  grant_types: ['client_credentials'],
  redirect_uris: [],
  response_types: [],
  token_endpoint_auth_method: 'client_secret_post',
  'urn:exam:role': role,
  ...(institutionId ? { 'urn:exam:institution': institutionId } : {}),
});

const provider = new Provider(issuer, {
  clients: [person('admin-oidc', 'admin'), person('learner-oidc', 'learner'), person('board-oidc', 'exam_board', 'inst-1')],
  extraClientMetadata: { properties: ['urn:exam:role', 'urn:exam:institution'] },
  jwks: JSON.parse(readFileSync(keysFile, 'utf8')),
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => AUDIENCE,
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, resource) => {
        if (resource !== AUDIENCE) throw new Error(`unknown resource ${resource}`);
        return { scope: 'exam', audience: AUDIENCE, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
      },
    },
  },
  extraTokenClaims: (_ctx, token) => {
    const client = token.client;
    return {
      sub: client.clientId,
      realm_access: { roles: ['offline_access', client['urn:exam:role']] },
      ...(client['urn:exam:institution'] ? { org: client['urn:exam:institution'] } : {}),
    };
  },
});
provider.listen(Number(port), '127.0.0.1', () => console.log(`ready ${issuer}`));
