import { createHash, createPublicKey, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import jwt from 'jsonwebtoken';
import { authorizeThrough, Browser, forms } from './support/browser.js';
import { freePort, RunningApp, startApp } from './support/app.js';
import { DEMO, delegateBank } from './support/fixtures.js';

// The steps of docs/bring-your-own-bank.md and docs/bring-your-own-client.md, done as a reader would with
// only the guides: plain fetch, jsonwebtoken and a node:http server. Steward's robot browser plays Nat.

const form = (body: Record<string, string>) => ({ 'content-type': 'application/x-www-form-urlencoded', body: new URLSearchParams(body) });
const basicAuth = (id: string, secret: string) => 'Basic ' + Buffer.from(`${id}:${secret}`).toString('base64');
const getJson = async (url: string, headers: Record<string, string> = {}) => {
  const res = await fetch(url, { headers });
  return { status: res.status, headers: res.headers, json: (await res.json()) as any };
};
const postJson = async (url: string, body: unknown, headers: Record<string, string> = {}) => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as any };
};
const postForm = async (url: string, body: Record<string, string>, authorization: string) => {
  const { body: encoded, ...headers } = form(body);
  const res = await fetch(url, { method: 'POST', headers: { ...headers, authorization }, body: encoded });
  return { status: res.status, json: res.status === 200 ? ((await res.json()) as any) : undefined };
};

/** Guide steps 3 (bank) and 3 (client): the code flow with PKCE, state and iss checked, the code redeemed. */
async function codeFlow(meta: any, client: { client_id: string; client_secret: string }, redirectUri: string, scope: string, person: Browser) {
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const url = new URL(meta.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: client.client_id,
    redirect_uri: redirectUri,
    scope,
    state,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  const back = await authorizeThrough(person, url.toString(), { decision: 'allow', username: DEMO.username, password: DEMO.password });
  expect(`${back.origin}${back.pathname}`).toBe(redirectUri);
  expect(back.searchParams.get('state')).toBe(state);
  expect(back.searchParams.get('iss')).toBe(meta.issuer);
  const res = await postForm(
    meta.token_endpoint,
    { grant_type: 'authorization_code', code: back.searchParams.get('code')!, redirect_uri: redirectUri, code_verifier: verifier },
    basicAuth(client.client_id, client.client_secret),
  );
  expect(res.status).toBe(200);
  return res.json;
}

/** The bank of the guide: FDX account data, behind tokens checked with the AS's JWKS (guide step 6). */
class HarborBank {
  server!: Server;
  origin!: string;
  meta: any;
  resourceIds = new Map<string, string>();
  refused: string[] = [];
  /** Step 8: the SETs pushed to /ssf/events, and the grants they ended. */
  sets: string[] = [];
  revokedGrants = new Set<string>();

  async start(port: number) {
    this.origin = `http://127.0.0.1:${port}`;
    this.server = createServer((req, res) => {
      if (req.method === 'POST' && req.url === '/ssf/events') {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          this.receive(body)
            .then(() => res.writeHead(202).end())
            .catch((err: Error) => res.writeHead(400, { 'content-type': 'application/json', 'content-language': 'en' }).end(JSON.stringify({ err: 'invalid_key', description: err.message })));
        });
        return;
      }
      this.handle(req.url ?? '/', req.headers.authorization)
        .then(([status, body, www]) => {
          res.writeHead(status, { 'content-type': 'application/json', ...(www ? { 'www-authenticate': www } : {}) });
          res.end(JSON.stringify(body));
        })
        .catch(() => res.writeHead(500).end());
    });
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
  }

  stop() {
    return new Promise((resolve) => this.server.close(resolve));
  }

  private async handle(path: string, authorization: string | undefined): Promise<[number, unknown, string?]> {
    if (path === '/.well-known/oauth-protected-resource') {
      return [200, { resource: this.origin, authorization_servers: [this.meta.issuer], scopes_supported: ['accounts:read', 'transactions:read'], bearer_methods_supported: ['header'] }];
    }
    const m = /^\/accounts\/(\d+)(\/transactions)?(\?.*)?$/.exec(path);
    if (!m || !this.resourceIds.has(m[1])) return [404, { error: 'not_found' }];
    try {
      await this.verify(String(authorization).replace(/^Bearer /, ''), m[1], m[2] ? 'transactions:read' : 'accounts:read');
    } catch (err) {
      this.refused.push((err as Error).message);
      return [401, { error: 'invalid_token' }, 'Bearer error="invalid_token"'];
    }
    if (m[2]) {
      return [200, { page: { totalElements: 1 }, transactions: [{ accountCategory: 'DEPOSIT_ACCOUNT', transactionId: 't1', postedTimestamp: new Date().toISOString(), amount: 42, debitCreditMemo: 'CREDIT', status: 'POSTED', description: 'Opening deposit' }] }];
    }
    return [200, { accountCategory: 'DEPOSIT_ACCOUNT', accountId: m[1], accountType: 'CHECKING', accountNumberDisplay: m[1].slice(-4), productName: 'Harbor Everyday Checking', status: 'OPEN', currency: { currencyCode: 'USD' }, currentBalance: 1234.56 }];
  }

  /** Step 8: a pushed SET, verified like a token (the AS's key by kid, iss, aud); a revoked grant is remembered. */
  private async receive(set: string) {
    const { keys } = (await getJson(this.meta.jwks_uri)).json;
    const decoded = jwt.decode(set, { complete: true });
    if (!decoded || decoded.header.typ !== 'secevent+jwt') throw new Error('not a SET');
    const jwk = keys.find((k: any) => k.kid === decoded.header.kid);
    const claims = jwt.verify(set, createPublicKey({ key: jwk, format: 'jwk' }), { algorithms: ['ES256'], issuer: this.meta.issuer, audience: this.origin }) as jwt.JwtPayload;
    this.sets.push(set);
    const revoked = claims.events?.['https://schemas.openid.net/secevent/caep/event-type/session-revoked'];
    if (revoked) this.revokedGrants.add(claims.sub_id.session.id);
  }

  private async verify(token: string, accountId: string, scope: string) {
    const { keys } = (await getJson(this.meta.jwks_uri)).json;
    const decoded = jwt.decode(token, { complete: true });
    if (!decoded || decoded.header.typ !== 'at+jwt') throw new Error('not an access token');
    const jwk = keys.find((k: any) => k.kid === decoded.header.kid);
    if (!jwk) throw new Error('unknown key');
    const claims = jwt.verify(token, createPublicKey({ key: jwk, format: 'jwk' }), { algorithms: ['ES256'], issuer: this.meta.issuer, audience: this.origin }) as jwt.JwtPayload;
    if (claims.resource_id !== this.resourceIds.get(accountId)) throw new Error('not for this account');
    if (!String(claims.scope).split(' ').includes(scope)) throw new Error('insufficient_scope');
    if (this.revokedGrants.has(String(claims.grant_id))) throw new Error('the grant was revoked (pushed)');
  }
}

/** docs/bring-your-own-client.md, steps 1–4: acct: → WebFinger → metadata → register → flow → tokens. */
async function connectClient(base: string, person: Browser) {
  const host = new URL(base).host;
  const wf = await getJson(`${base}/.well-known/webfinger?resource=acct:nat@${host}&rel=http://openid.net/specs/connect/1.0/issuer`);
  const issuer = wf.json.links[0].href;
  const issuerUrl = new URL(issuer);
  const meta = (await getJson(`${issuerUrl.origin}/.well-known/oauth-authorization-server${issuerUrl.pathname}`)).json;
  expect(meta.issuer).toBe(issuer);
  expect(meta.code_challenge_methods_supported).toContain('S256');
  expect(meta.authorization_response_iss_parameter_supported).toBe(true);
  const reg = await postJson(meta.registration_endpoint, { client_name: 'My Aggregator', redirect_uris: ['http://127.0.0.1:5000/cb'], scope: 'accounts:read transactions:read' });
  expect(reg.status).toBe(201);
  const tokens = await codeFlow(meta, reg.json, 'http://127.0.0.1:5000/cb', 'accounts:read transactions:read', person);
  expect(tokens).toMatchObject({ token_type: 'Bearer', intro_endpoint: expect.any(String), refresh_token: expect.any(String) });
  return { meta, client: reg.json, tokens };
}

describe('The guides, followed by a reader', () => {
  let run: RunningApp;
  let bank: HarborBank;

  beforeAll(async () => {
    bank = new HarborBank();
    await bank.start(await freePort());
    // Step 0 of the bank guide: the one setting that lets Steward's parties reach this bank. This bank follows
    // the guide's bearer path (step 6), so Grapher is run with bearer tokens (CLIENT_PROFILE=plain).
    run = await startApp({ TRUSTED_LOCAL_ORIGINS: bank.origin, CLIENT_PROFILE: 'plain' });
  });
  afterAll(async () => {
    await run.close();
    await bank.stop();
  });

  it('bring your own bank: register as a resource server, get a PAT, register an account, verify the tokens clients bring', async () => {
    const person = new Browser();
    // 1. Discover.
    bank.meta = (await getJson(`${run.baseUrl}/.well-known/oauth-authorization-server/as`)).json;
    expect(bank.meta.issuer).toBe(`${run.baseUrl}/as`);
    // 2. Register, with resource_server.
    const reg = await postJson(bank.meta.registration_endpoint, { client_name: 'Harbor Bank', redirect_uris: [`${bank.origin}/callback`], scope: 'uma_protection', resource_server: bank.origin });
    expect(reg.status).toBe(201);
    // 3. A PAT from Nat.
    const pat = (await codeFlow(bank.meta, reg.json, `${bank.origin}/callback`, 'uma_protection', person)).access_token;
    // 4. Register the account.
    const created = await postJson(
      bank.meta.resource_registration_endpoint,
      { resource_scopes: ['accounts:read', 'transactions:read'], name: 'Harbor Everyday Checking', type: 'https://steward.example/account', endpoint: `${bank.origin}/accounts/1001` },
      { authorization: `Bearer ${pat}` },
    );
    expect(created.status).toBe(201);
    bank.resourceIds.set('1001', created.json._id);
    // 5. The protected resource metadata names the AS.
    expect((await getJson(`${bank.origin}/.well-known/oauth-protected-resource`)).json.authorization_servers).toEqual([bank.meta.issuer]);

    // A client (the other guide) gets a token for this bank from Intro; the bank's own check accepts it.
    await delegateBank(person, run.baseUrl, 'norma');
    const connected = await connectClient(run.baseUrl, person);
    const { tokens } = connected;
    const intro = (await getJson(tokens.intro_endpoint, { authorization: `Bearer ${tokens.access_token}` })).json;
    const harbor = Object.values<any>(intro).find((e) => e.bank_id === bank.origin);
    expect(harbor).toMatchObject({ endpoint: `${bank.origin}/accounts/1001`, bank_name: 'Harbor Bank', token_type: 'Bearer' });
    expect((await getJson(harbor.endpoint, { authorization: `Bearer ${harbor.access_token}` })).status).toBe(200);
    // A token for another bank is refused by the bank's own check (aud).
    const norma = Object.values<any>(intro).find((e) => e.bank_name === 'Norma Securities');
    expect((await getJson(harbor.endpoint, { authorization: `Bearer ${norma.access_token}` })).status).toBe(401);
    expect(bank.refused.at(-1)).toMatch(/audience/);
    // 6. Or ask the AS (RFC 7662).
    const asked = await postForm(bank.meta.introspection_endpoint, { token: harbor.access_token }, basicAuth(reg.json.client_id, reg.json.client_secret));
    expect(asked.json).toMatchObject({ active: true, aud: bank.origin, permissions: [expect.objectContaining({ resource_id: created.json._id })] });
    expect((await postForm(bank.meta.introspection_endpoint, { token: norma.access_token }, basicAuth(reg.json.client_id, reg.json.client_secret))).json).toEqual({ active: false });

    // 7. Grapher draws the bank, reaching it thanks to TRUSTED_LOCAL_ORIGINS.
    let page = await person.get(`${run.baseUrl}/grapher`);
    page = await person.submit(page, '/grapher/connect', { issuer: `acct:nat@${new URL(run.baseUrl).host}` });
    const consent = forms(page).find((f) => f.action.includes('/as/consent/'));
    expect(consent).toBeDefined();
    page = await person.submit(page, '/as/consent/', {}, { name: 'decision', value: 'allow' });
    expect(page.url).toBe(`${run.baseUrl}/grapher/picture`);
    expect(page.html).toContain('Harbor Bank');
    expect(page.html).not.toContain('bank-failure');

    // 8. Revocation events: the bank's stream at the AS, then a revocation pushed to it.
    const ssfIssuer = new URL(bank.meta.issuer);
    const ssf = (await getJson(`${ssfIssuer.origin}/.well-known/ssf-configuration${ssfIssuer.pathname}`)).json;
    expect(ssf).toMatchObject({ issuer: bank.meta.issuer, delivery_methods_supported: ['urn:ietf:rfc:8935'] });
    const stream = await postJson(
      ssf.configuration_endpoint,
      { delivery: { method: 'urn:ietf:rfc:8935', endpoint_url: `${bank.origin}/ssf/events` }, events_requested: ['https://schemas.openid.net/secevent/caep/event-type/session-revoked', 'urn:steward:secevent:event-type:resource-deleted'] },
      { authorization: `Bearer ${pat}` },
    );
    expect(stream.status).toBe(201);
    expect(stream.json).toMatchObject({ iss: bank.meta.issuer, aud: bank.origin });
    const revoke = await postForm(bank.meta.revocation_endpoint, { token: tokens.refresh_token }, basicAuth(connected.client.client_id, connected.client.client_secret));
    expect(revoke.status).toBe(200);
    for (let i = 0; i < 50 && !bank.revokedGrants.has(tokens.grant_id); i++) await new Promise((r) => setTimeout(r, 20));
    expect(bank.revokedGrants.has(tokens.grant_id)).toBe(true);
    expect((await getJson(harbor.endpoint, { authorization: `Bearer ${harbor.access_token}` })).status).toBe(401);
    expect(bank.refused.at(-1)).toMatch(/revoked/);
  });

  it('bring your own client: discover from acct:, register, run the flow, call Intro and each bank, refresh, revoke', async () => {
    const person = new Browser();
    for (const id of ['norma', 'astoria']) await delegateBank(person, run.baseUrl, id);
    const { meta, client, tokens } = await connectClient(run.baseUrl, person);
    // 4. Intro.
    const intro = await getJson(tokens.intro_endpoint, { authorization: `Bearer ${tokens.access_token}` });
    expect(intro.status).toBe(200);
    const entries = Object.values<any>(intro.json);
    expect(entries.map((e) => e.bank_name)).toEqual(expect.arrayContaining(['Norma Securities', 'Bank of Astoria']));
    // 5. Each bank, with its own token.
    for (const entry of entries) {
      const headers = { authorization: `Bearer ${entry.access_token}` };
      const account = await getJson(entry.endpoint, headers);
      expect(account.status).toBe(200);
      expect(typeof account.json.accountId).toBe('string');
      const txs = await getJson(`${entry.endpoint}/transactions?startTime=2025-01-01&limit=100`, headers);
      expect(txs.status).toBe(200);
      expect(Array.isArray(txs.json.transactions)).toBe(true);
    }
    // 6. Refresh (rotating), then revoke: Intro refuses.
    const auth = basicAuth(client.client_id, client.client_secret);
    const refreshed = await postForm(meta.token_endpoint, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }, auth);
    expect(refreshed.json.refresh_token).not.toBe(tokens.refresh_token);
    expect((await postForm(meta.revocation_endpoint, { token: refreshed.json.refresh_token }, auth)).status).toBe(200);
    const after = await fetch(tokens.intro_endpoint, { headers: { authorization: `Bearer ${refreshed.json.access_token}` } });
    expect(after.status).toBe(401);
    expect(after.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });
});
