// Child process: node-oidc-provider (v8, the line that supports Node 20), the Node reference AS, as the
// bench's peer. Configured here only: its default in-memory adapter (its own default; Steward writes to
// SQLite), introspection, refresh tokens with rotation on every use, client_credentials with resource
// indicators issuing ES256 JWT access tokens (RFC 9068), client_secret_basic.
//
// Besides the provider's own endpoints, GET /bench/seed?n=N (loopback only, this bench's setup) makes N
// grants for the account "nat" with the app client, each with a refresh token and an access token, as an
// authorization code flow would leave them: the refresh grant and introspection then run against these.
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';
import { PEER } from './lib/peer-config.mjs';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const es256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
const common = { token_endpoint_auth_method: 'client_secret_basic', id_token_signed_response_alg: 'ES256' };

const provider = new Provider(issuer, {
  clients: [
    { ...common, ...PEER.app, grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], redirect_uris: ['https://client.example/cb'], scope: PEER.scope },
    { ...common, ...PEER.bank, grant_types: [], response_types: [], redirect_uris: [] },
    { ...common, ...PEER.minter, grant_types: ['client_credentials'], response_types: [], redirect_uris: [] },
  ],
  jwks: { keys: [{ ...es256, kid: 'bench-es256', alg: 'ES256', use: 'sig' }] },
  scopes: ['openid', 'offline_access', ...PEER.scope.split(' ')],
  findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
  rotateRefreshToken: true,
  ttl: { AccessToken: 900, RefreshToken: 90 * 24 * 3600, ClientCredentials: 600, Grant: 365 * 24 * 3600 },
  features: {
    devInteractions: { enabled: false },
    // A bank may introspect any token; a client only its own (Steward: a bank, tokens meant for it).
    introspection: { enabled: true, allowedPolicy: (_ctx, caller, token) => caller.clientId === PEER.bank.client_id || token.clientId === caller.clientId },
    revocation: { enabled: true },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => undefined,
      useGrantedResource: () => false,
      getResourceServerInfo: (_ctx, resource) => {
        if (resource !== PEER.resource) throw new Provider.errors.InvalidTarget();
        return { scope: PEER.scope, audience: resource, accessTokenTTL: 600, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'ES256' } } };
      },
    },
  },
});

/** N grants as an authorization code flow would leave them: a refresh token and an access token each. */
async function seed(n) {
  const client = await provider.Client.find(PEER.app.client_id);
  const out = [];
  for (let i = 0; i < n; i++) {
    const grant = new provider.Grant({ accountId: 'nat', clientId: client.clientId });
    grant.addOIDCScope(PEER.scope);
    const grantId = await grant.save();
    const base = { accountId: 'nat', client, grantId, gty: 'authorization_code', scope: PEER.scope };
    const refresh_token = await new provider.RefreshToken(base).save();
    const access_token = await new provider.AccessToken(base).save();
    out.push({ refresh_token, access_token });
  }
  return out;
}

const app = provider.callback();
const server = createServer((req, res) => {
  const url = new URL(req.url, issuer);
  if (url.pathname !== '/bench/seed') return app(req, res);
  seed(Math.min(1000, Number(url.searchParams.get('n')) || 1)).then(
    (tokens) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(tokens)),
    (err) => res.writeHead(500).end(String(err)),
  );
});
server.listen(port, '127.0.0.1', () => process.send?.({ listening: port }));
process.on('message', (m) => {
  if (m === 'clock') process.send?.({ clock: Number(process.hrtime.bigint() / 1000n) });
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);
