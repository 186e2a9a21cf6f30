// node-oidc-provider as the bench's peer: its fixed clients (configured in ../peer-server.mjs) and the load
// scenarios that drive it, the same way the Steward paths are driven.
import { basic } from './flows.mjs';
import { PEER } from './peer-config.mjs';


const FORM = 'application/x-www-form-urlencoded';

async function seed(base, n) {
  const res = await fetch(`${base}/bench/seed?n=${n}`);
  if (res.status !== 200) throw new Error(`peer seed: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

async function post(base, path, auth, form) {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { authorization: basic(auth.client_id, auth.client_secret), 'content-type': FORM }, body: new URLSearchParams(form) });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`peer ${path}: HTTP ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** Load scenarios for the peer, by the Steward path each is the peer of. `connections`: refresh chains in use. */
export function peerScenarios(base, { connections }) {
  return {
    // RFC 7662: the bank client introspects an access token issued to the app (a token lookup and its grant).
    introspect: async () => {
      const [{ access_token }] = await seed(base, 1);
      const check = await post(base, '/token/introspection', PEER.bank, { token: access_token });
      if (check.active !== true) throw new Error('peer introspection says the fresh token is inactive');
      return { url: `${base}/token/introspection`, method: 'POST', headers: { authorization: basic(PEER.bank.client_id, PEER.bank.client_secret), 'content-type': FORM }, body: new URLSearchParams({ token: access_token, token_type_hint: 'access_token' }).toString() };
    },
    // RFC 6749 §6 with rotation on every use, chains as in Steward's refresh scenario.
    refresh: (() => {
      const pool = [];
      return async () => {
        if (pool.length < connections + 2) pool.push(...(await seed(base, connections + 2 - pool.length)).map((t) => t.refresh_token));
        return {
          url: `${base}/token`,
          method: 'POST',
          headers: { authorization: basic(PEER.app.client_id, PEER.app.client_secret), 'content-type': FORM },
          requests: [
            {
              setupRequest: (req) => ({ ...req, body: `grant_type=refresh_token&refresh_token=${encodeURIComponent(pool.pop())}` }),
              onResponse: (status, body) => {
                if (status === 200) pool.push(JSON.parse(body).refresh_token);
              },
            },
          ],
        };
      };
    })(),
    // One ES256 JWT access token (RFC 9068) minted per request: client_credentials with a resource indicator.
    jwt: async () => {
      const form = { grant_type: 'client_credentials', resource: PEER.resource, scope: PEER.scope };
      const first = await post(base, '/token', PEER.minter, form);
      if (first.access_token.split('.').length !== 3) throw new Error('peer did not mint a JWT access token');
      return { url: `${base}/token`, method: 'POST', headers: { authorization: basic(PEER.minter.client_id, PEER.minter.client_secret), 'content-type': FORM }, body: new URLSearchParams(form).toString() };
    },
  };
}
