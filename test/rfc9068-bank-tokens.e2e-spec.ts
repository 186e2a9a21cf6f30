import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign as cryptoSign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { JwtPayload } from 'jsonwebtoken';
import { Browser } from './support/browser.js';
import { BANK_IDS, authorize, authorizeUrl, basic, delegateBank, getJson, pkce, postForm, registerClient } from './support/fixtures.js';
import type { TestClient } from './support/fixtures.js';
import { RunningApp, startApp } from './support/app.js';
import type { IntroEntry } from '../src/as/intro/intro.service.js';

/**
 * The banks' side of RFC 9068 (JWT profile for OAuth 2.0 access tokens) and RFC 6750 (bearer usage):
 * what a bank accepts, and every token it must refuse; and the AS's RFC 7662 introspection for banks.
 * Every negative case below is built so that it passes only while the corresponding check is in place.
 */

const CHECKING = '8879874';
const SAVINGS = '8879881';
const NORMA_BROKERAGE = '5835394';

function b64u(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

/** A compact JWS built by hand, so a test can put anything in the header and sign with anything. */
function compact(header: Record<string, unknown>, payload: Record<string, unknown>, signer: (input: string) => string): string {
  const input = `${b64u(header)}.${b64u(payload)}`;
  return `${input}.${signer(input)}`;
}

function es256(key: KeyObject): (input: string) => string {
  return (input) => cryptoSign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url');
}

function parts(token: string): { header: Record<string, unknown>; payload: JwtPayload; signature: string } {
  const [h, p, s] = token.split('.');
  return { header: JSON.parse(Buffer.from(h, 'base64url').toString()), payload: JSON.parse(Buffer.from(p, 'base64url').toString()), signature: s };
}

function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}`, accept: 'application/json' };
}

/** RFC 6750 §3.1: 401 with a Bearer challenge naming invalid_token. */
function expectInvalidToken(res: { status: number; headers: Headers; json: Record<string, any> }): void {
  expect(res.status).toBe(401);
  const www = res.headers.get('www-authenticate') ?? '';
  expect(www).toMatch(/^Bearer\b/);
  expect(www).toContain('error="invalid_token"');
  expect(res.json?.error).toBe('invalid_token');
  expect(res.headers.get('cache-control')).toContain('no-store');
}

describe('RFC 9068 access tokens at the banks, RFC 7662 introspection for banks', () => {
  let run: RunningApp;
  let baseUrl: string;
  let browser: Browser;
  let client: TestClient;
  let refreshToken: string;
  let intro: Record<string, IntroEntry>;
  let asKey: KeyObject;
  let asKid: string;
  let asPublicPem: string;

  const bankUrl = (bank: string) => `${baseUrl}/banks/${bank}`;
  const accountUrl = (bank: string, account: string) => `${bankUrl(bank)}/fdx/v6/accounts/${account}`;
  const entryFor = (bank: string, account: string): IntroEntry => {
    const e = Object.values(intro).find((x) => x.endpoint === accountUrl(bank, account));
    if (!e) throw new Error(`no Intro entry for ${bank}/${account}: ${JSON.stringify(Object.values(intro).map((x) => x.endpoint))}`);
    return e;
  };
  const tokenFor = (bank: string, account: string) => entryFor(bank, account).access_token;

  /** Runs one authorization code flow with PKCE for `scope` and returns the token response. */
  async function authorizeAndRedeem(scope: string): Promise<Record<string, unknown>> {
    const { verifier, challenge } = pkce();
    const back = await authorize(browser, authorizeUrl(baseUrl, client, { scope, code_challenge: challenge, code_challenge_method: 'S256' }));
    const code = back.searchParams.get('code');
    if (!code) throw new Error(`no code: ${back.toString()}`);
    const res = await postForm(
      `${baseUrl}/as/token`,
      { grant_type: 'authorization_code', code, redirect_uri: client.redirect_uri, code_verifier: verifier },
      { authorization: basic(client.client_id, client.client_secret) },
    );
    if (res.status !== 200) throw new Error(`token endpoint: ${res.status} ${res.text}`);
    return res.json;
  }

  async function introWith(accessToken: string): Promise<Record<string, IntroEntry>> {
    const res = await getJson(`${baseUrl}/as/intro`, { authorization: `Bearer ${accessToken}` });
    if (res.status !== 200) throw new Error(`intro: ${res.status} ${res.text}`);
    return res.json as Record<string, IntroEntry>;
  }

  /** Real claims for Astoria checking, as Intro would mint them; tests override one thing at a time. */
  function claimsFor(bank: string, account: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const { payload } = parts(tokenFor(bank, account));
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = { ...payload, iat: now, exp: now + 300, jti: randomBytes(16).toString('base64url'), ...overrides };
    for (const [k, v] of Object.entries(claims)) if (v === undefined) delete claims[k];
    return claims;
  }

  /** Signs with the AS's own key (read from the test database): lets a test vary the claims, not the signature. */
  function asSigned(claims: Record<string, unknown>, header: Record<string, unknown> = {}): string {
    return compact({ alg: 'ES256', typ: 'at+jwt', kid: asKid, ...header }, claims, es256(asKey));
  }

  beforeAll(async () => {
    // The banks register with a client secret here (CLIENT_PROFILE=plain): the introspection tests below
    // authenticate as a bank with it. A FAPI 2.0 bank's private_key_jwt introspection: rfc9449-dpop, fapi-clients.
    run = await startApp({ CLIENT_PROFILE: 'plain' });
    baseUrl = run.baseUrl;
    browser = new Browser();
    for (const id of BANK_IDS) {
      const page = await delegateBank(browser, baseUrl, id);
      if (page.status !== 200) throw new Error(`delegation at ${id} failed: ${page.status}`);
    }
    client = await registerClient(baseUrl);
    const tokens = await authorizeAndRedeem('accounts:read transactions:read');
    refreshToken = tokens.refresh_token as string;
    intro = await introWith(tokens.access_token as string);

    const [row] = (await run.db.query('select private_pem, kid from as_signing_keys')) as { private_pem: string; kid: string }[];
    asKey = createPrivateKey(row.private_pem);
    asKid = row.kid;
    asPublicPem = createPublicKey(asKey).export({ format: 'pem', type: 'spki' }).toString();
  }, 120_000);

  afterAll(() => run?.close());

  it('setup: Intro gave one per-bank token for each of the five accounts, and a refresh token was issued', () => {
    expect(Object.keys(intro)).toHaveLength(5);
    expect(typeof refreshToken).toBe('string');
    for (const [bank, account] of [['norma', NORMA_BROKERAGE], ['astoria', CHECKING], ['astoria', SAVINGS]]) {
      const { header, payload } = parts(tokenFor(bank, account));
      expect(header).toMatchObject({ alg: 'ES256', typ: 'at+jwt', kid: asKid });
      expect(payload).toMatchObject({ iss: `${baseUrl}/as`, aud: bankUrl(bank), client_id: client.client_id, scope: 'accounts:read transactions:read' });
      for (const claim of ['sub', 'resource_id', 'grant_id', 'iat', 'exp', 'jti']) expect(payload[claim]).toBeDefined();
    }
  });

  describe('RFC 9068 §4 / RFC 6750 §2.1 at the bank', () => {
    it('a valid token reads its account: 200, FDX account with balances, no-store', async () => {
      const res = await getJson(accountUrl('astoria', CHECKING), bearer(tokenFor('astoria', CHECKING)));
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toContain('no-store');
      expect(res.json).toMatchObject({ accountId: CHECKING, accountCategory: 'DEPOSIT_ACCOUNT', currency: { currencyCode: 'USD' } });
      expect(typeof res.json.currentBalance).toBe('number');
      expect(typeof res.json.availableBalance).toBe('number');
      expect(typeof res.json.balanceAsOf).toBe('string');
    });

    it('each bank answers its own token: Norma brokerage shows currentValue', async () => {
      const res = await getJson(accountUrl('norma', NORMA_BROKERAGE), bearer(tokenFor('norma', NORMA_BROKERAGE)));
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ accountId: NORMA_BROKERAGE, accountCategory: 'INVESTMENT_ACCOUNT' });
      expect(typeof res.json.currentValue).toBe('number');
    });

    it('a valid token reads transactions: {transactions, page}, positive amounts, CREDIT/DEBIT memo, no-store', async () => {
      const res = await getJson(`${accountUrl('astoria', CHECKING)}/transactions`, bearer(tokenFor('astoria', CHECKING)));
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toContain('no-store');
      expect(Array.isArray(res.json.transactions)).toBe(true);
      expect(res.json.page).toEqual(expect.objectContaining({ totalElements: expect.any(Number) }));
      expect(res.json.transactions.length).toBeGreaterThan(10);
      for (const t of res.json.transactions as Record<string, any>[]) {
        expect(t.amount).toBeGreaterThan(0);
        expect(['CREDIT', 'DEBIT']).toContain(t.debitCreditMemo);
        expect(typeof t.transactionId).toBe('string');
        expect(typeof t.postedTimestamp).toBe('string');
      }
      expect(new Set((res.json.transactions as { debitCreditMemo: string }[]).map((t) => t.debitCreditMemo))).toEqual(new Set(['CREDIT', 'DEBIT']));
    });

    it('paging: limit=5 gives nextOffset, and the next page continues without overlap', async () => {
      const token = tokenFor('astoria', CHECKING);
      const url = `${accountUrl('astoria', CHECKING)}/transactions`;
      const startTime = '2000-01-01';
      const endTime = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      const first = await getJson(`${url}?startTime=${startTime}&endTime=${endTime}&limit=5`, bearer(token));
      expect(first.status).toBe(200);
      expect(first.json.transactions).toHaveLength(5);
      expect(first.json.page.nextOffset).toBe('5');
      const second = await getJson(`${url}?startTime=${startTime}&endTime=${endTime}&offset=${first.json.page.nextOffset}&limit=5`, bearer(token));
      expect(second.status).toBe(200);
      expect(second.json.transactions).toHaveLength(5);
      expect(second.json.page.nextOffset).toBe('10');
      const ids1 = (first.json.transactions as { transactionId: string }[]).map((t) => t.transactionId);
      const ids2 = (second.json.transactions as { transactionId: string }[]).map((t) => t.transactionId);
      expect(ids1.filter((id) => ids2.includes(id))).toEqual([]);
      const ten = await getJson(`${url}?startTime=${startTime}&endTime=${endTime}&limit=10`, bearer(token));
      expect((ten.json.transactions as { transactionId: string }[]).map((t) => t.transactionId)).toEqual([...ids1, ...ids2]);
    });

    it('a token signed with the AS key and the real claims is accepted (the control for the forgeries below)', async () => {
      const res = await getJson(accountUrl('astoria', CHECKING), bearer(asSigned(claimsFor('astoria', CHECKING))));
      expect(res.status).toBe(200);
      expect(res.json.accountId).toBe(CHECKING);
    });

    describe('rejections: 401 invalid_token with a Bearer challenge (RFC 6750 §3.1)', () => {
      it('no token at all', async () => {
        const res = await getJson(accountUrl('astoria', CHECKING), { accept: 'application/json' });
        expect(res.status).toBe(401);
        // RFC 6750 §3.1: a request with no credentials gets a challenge with no error code.
        // …and, RFC 9728 §5.1, where the account's protected resource metadata is.
        const metadata = `resource_metadata="${baseUrl}/.well-known/oauth-protected-resource/banks/astoria/fdx/v6/accounts/${CHECKING}"`;
        expect(res.headers.get('www-authenticate')).toBe(`Bearer realm="bank-astoria", ${metadata}, DPoP realm="bank-astoria", algs="ES256 PS256 EdDSA", ${metadata}`);
        expect(JSON.stringify(res.json)).not.toMatch(/currentBalance|transactions/);
      });

      it('the scheme is case-insensitive (RFC 9110 §11.1): "bearer <token>" is served', async () => {
        const res = await getJson(accountUrl('astoria', CHECKING), { authorization: `bearer ${tokenFor('astoria', CHECKING)}` });
        expect(res.status).toBe(200);
      });

      it('a bearer value that is not a JWT', async () => {
        expectInvalidToken(await getJson(accountUrl('astoria', CHECKING), bearer('not-a-jwt-at-all')));
        expectInvalidToken(await getJson(accountUrl('astoria', CHECKING), bearer('abc.def.ghi')));
      });

      it("bank A's token at bank B: Norma's token on Astoria's account URL (aud)", async () => {
        expectInvalidToken(await getJson(accountUrl('astoria', CHECKING), bearer(tokenFor('norma', NORMA_BROKERAGE))));
        expectInvalidToken(await getJson(`${accountUrl('astoria', CHECKING)}/transactions`, bearer(tokenFor('norma', NORMA_BROKERAGE))));
      });

      it("account X's token on account Y at the same bank: checking's token on savings and back (resource_id)", async () => {
        expectInvalidToken(await getJson(accountUrl('astoria', SAVINGS), bearer(tokenFor('astoria', CHECKING))));
        expectInvalidToken(await getJson(`${accountUrl('astoria', CHECKING)}/transactions`, bearer(tokenFor('astoria', SAVINGS))));
        // and the savings token does work on savings
        expect((await getJson(accountUrl('astoria', SAVINGS), bearer(tokenFor('astoria', SAVINGS)))).status).toBe(200);
      });

      it('a tampered payload (scope widened, exp extended), original signature kept', async () => {
        const token = tokenFor('astoria', CHECKING);
        const [h, , s] = token.split('.');
        const { payload } = parts(token);
        const widened = `${h}.${b64u({ ...payload, scope: 'accounts:read transactions:read payments:write' })}.${s}`;
        const extended = `${h}.${b64u({ ...payload, exp: payload.exp! + 86_400 })}.${s}`;
        expectInvalidToken(await getJson(accountUrl('astoria', CHECKING), bearer(widened)));
        expectInvalidToken(await getJson(accountUrl('astoria', CHECKING), bearer(extended)));
      });

      it('a tampered signature', async () => {
        const token = tokenFor('astoria', CHECKING);
        const [h, p, s] = token.split('.');
        const sig = Buffer.from(s, 'base64url');
        sig[10] ^= 0x01;
        expectInvalidToken(await getJson(accountUrl('astoria', CHECKING), bearer(`${h}.${p}.${sig.toString('base64url')}`)));
        expectInvalidToken(await getJson(accountUrl('astoria', CHECKING), bearer(`${h}.${p}.`)));
      });

      it('alg "none": the real claims, unsigned', async () => {
        const { payload } = parts(tokenFor('astoria', CHECKING));
        for (const alg of ['none', 'None', 'NONE']) {
          const unsigned = compact({ alg, typ: 'at+jwt', kid: asKid }, payload, () => '');
          expectInvalidToken(await getJson(accountUrl('astoria', CHECKING), bearer(unsigned)));
        }
      });

      it("HS256 keyed with the AS's public key bytes (algorithm confusion)", async () => {
        const claims = claimsFor('astoria', CHECKING);
        const jwkX = (createPublicKey(asKey).export({ format: 'jwk' }) as { x: string }).x;
        for (const secret of [asPublicPem, Buffer.from(asPublicPem.trim()), Buffer.from(jwkX, 'base64url')]) {
          const forged = compact({ alg: 'HS256', typ: 'at+jwt', kid: asKid }, claims, (input) => createHmac('sha256', secret).update(input).digest('base64url'));
          expectInvalidToken(await getJson(accountUrl('astoria', CHECKING), bearer(forged)));
        }
        // the same via jsonwebtoken, as an attacker would most likely do it
        const viaLib = jwt.sign(claims, asPublicPem, { algorithm: 'HS256', header: { alg: 'HS256', typ: 'at+jwt', kid: asKid } });
        expectInvalidToken(await getJson(accountUrl('astoria', CHECKING), bearer(viaLib)));
      });

      it("a fresh EC P-256 key the AS never published, with the AS's real kid", async () => {
        const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
        const forged = compact({ alg: 'ES256', typ: 'at+jwt', kid: asKid }, claimsFor('astoria', CHECKING), es256(privateKey));
        expectInvalidToken(await getJson(accountUrl('astoria', CHECKING), bearer(forged)));
      });

      it("jku / jwk / x5u headers pointing at the attacker's key are not followed", async () => {
        const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
        const attackerJwk = { ...publicKey.export({ format: 'jwk' }), kid: 'attacker', alg: 'ES256', use: 'sig' };
        const claims = claimsFor('astoria', CHECKING);
        const attackerHeaders: Record<string, unknown>[] = [
          { kid: 'attacker', jwk: attackerJwk },
          { kid: 'attacker', jku: 'https://attacker.example/jwks.json' },
          { kid: asKid, jwk: attackerJwk },
          { kid: asKid, jku: 'https://attacker.example/jwks.json' },
        ];
        for (const extra of attackerHeaders) {
          const forged = compact({ alg: 'ES256', typ: 'at+jwt', ...extra }, claims, es256(privateKey));
          expectInvalidToken(await getJson(accountUrl('astoria', CHECKING), bearer(forged)));
        }
        // Steward's policy: a key reference in the header is refused outright, even on an AS-signed token.
        for (const extra of [{ jku: 'https://attacker.example/jwks.json' }, { jwk: attackerJwk }, { x5u: 'https://attacker.example/cert.pem' }]) {
          expectInvalidToken(await getJson(accountUrl('astoria', CHECKING), bearer(asSigned(claims, extra))));
        }
      });

      it('typ "JWT" (or none) instead of "at+jwt" (RFC 9068 §4 explicit typing)', async () => {
        const claims = claimsFor('astoria', CHECKING);
        expectInvalidToken(await getJson(accountUrl('astoria', CHECKING), bearer(asSigned(claims, { typ: 'JWT' }))));
        expectInvalidToken(await getJson(accountUrl('astoria', CHECKING), bearer(asSigned(claims, { typ: undefined }))));
        expectInvalidToken(await getJson(accountUrl('astoria', CHECKING), bearer(asSigned(claims, { typ: 'id_token+jwt' }))));
        // the media-type form is the same type (RFC 9068 §2.1), and is accepted
        expect((await getJson(accountUrl('astoria', CHECKING), bearer(asSigned(claims, { typ: 'application/at+jwt' })))).status).toBe(200);
      });

      it('an expired token (exp well past the clock leeway), signed with the AS key', async () => {
        const now = Math.floor(Date.now() / 1000);
        const expired = asSigned(claimsFor('astoria', CHECKING, { iat: now - 1200, exp: now - 600 }));
        const res = await getJson(accountUrl('astoria', CHECKING), bearer(expired));
        expectInvalidToken(res);
      });

      it('a token with no exp (RFC 9068 §2.2: exp is REQUIRED)', async () => {
        expectInvalidToken(await getJson(accountUrl('astoria', CHECKING), bearer(asSigned(claimsFor('astoria', CHECKING, { exp: undefined })))));
      });

      it('a wrong iss, signed with the AS key', async () => {
        for (const iss of [`${baseUrl}/as/`, `${baseUrl}/other-as`, 'https://attacker.example/as']) {
          expectInvalidToken(await getJson(accountUrl('astoria', CHECKING), bearer(asSigned(claimsFor('astoria', CHECKING, { iss })))));
        }
        expectInvalidToken(await getJson(accountUrl('astoria', CHECKING), bearer(asSigned(claimsFor('astoria', CHECKING, { iss: undefined })))));
      });

      it('a wrong aud, signed with the AS key', async () => {
        for (const aud of [bankUrl('norma'), `${bankUrl('astoria')}/`, 'https://attacker.example', [bankUrl('norma')]]) {
          expectInvalidToken(await getJson(accountUrl('astoria', CHECKING), bearer(asSigned(claimsFor('astoria', CHECKING, { aud })))));
        }
        expectInvalidToken(await getJson(accountUrl('astoria', CHECKING), bearer(asSigned(claimsFor('astoria', CHECKING, { aud: undefined })))));
      });

      it('nbf in the future, signed with the AS key', async () => {
        const now = Math.floor(Date.now() / 1000);
        expectInvalidToken(await getJson(accountUrl('astoria', CHECKING), bearer(asSigned(claimsFor('astoria', CHECKING, { nbf: now + 600, exp: now + 1200 })))));
      });

      it('no resource_id, or a resource_id of another account, signed with the AS key', async () => {
        expectInvalidToken(await getJson(accountUrl('astoria', CHECKING), bearer(asSigned(claimsFor('astoria', CHECKING, { resource_id: undefined })))));
        const savingsResource = parts(tokenFor('astoria', SAVINGS)).payload.resource_id;
        expectInvalidToken(await getJson(accountUrl('astoria', CHECKING), bearer(asSigned(claimsFor('astoria', CHECKING, { resource_id: savingsResource })))));
      });
    });

    describe('scope (RFC 6750 §3.1 insufficient_scope)', () => {
      it('a token without transactions:read gets 403 on /transactions but 200 on the account', async () => {
        const narrow = await authorizeAndRedeem('accounts:read');
        expect(narrow.scope).toBe('accounts:read');
        const entries = await introWith(narrow.access_token as string);
        const entry = Object.values(entries).find((e) => e.endpoint === accountUrl('astoria', CHECKING));
        expect(entry?.scope).toBe('accounts:read');
        expect(parts(entry!.access_token).payload.scope).toBe('accounts:read');

        const account = await getJson(accountUrl('astoria', CHECKING), bearer(entry!.access_token));
        expect(account.status).toBe(200);
        const tx = await getJson(`${accountUrl('astoria', CHECKING)}/transactions`, bearer(entry!.access_token));
        expect(tx.status).toBe(403);
        const www = tx.headers.get('www-authenticate') ?? '';
        expect(www).toMatch(/^Bearer\b/);
        expect(www).toContain('error="insufficient_scope"');
        expect(www).toContain('transactions:read');
        expect(tx.json.error).toBe('insufficient_scope');
        expect(tx.json.transactions).toBeUndefined();
      });

      it('the same, with an AS-signed token whose scope is only accounts:read', async () => {
        const token = asSigned(claimsFor('astoria', CHECKING, { scope: 'accounts:read' }));
        expect((await getJson(accountUrl('astoria', CHECKING), bearer(token))).status).toBe(200);
        const tx = await getJson(`${accountUrl('astoria', CHECKING)}/transactions`, bearer(token));
        expect(tx.status).toBe(403);
        expect(tx.headers.get('www-authenticate') ?? '').toContain('error="insufficient_scope"');
        // and a token with transactions:read but not accounts:read cannot read the account
        const txOnly = asSigned(claimsFor('astoria', CHECKING, { scope: 'transactions:read' }));
        const acc = await getJson(accountUrl('astoria', CHECKING), bearer(txOnly));
        expect(acc.status).toBe(403);
        expect(acc.headers.get('www-authenticate') ?? '').toContain('error="insufficient_scope"');
      });
    });

    describe('an account the bank has no delegation for', () => {
      it('a non-existent account id is refused, neither 200 nor 5xx', async () => {
        for (const token of [tokenFor('astoria', CHECKING), asSigned(claimsFor('astoria', CHECKING))]) {
          for (const url of [accountUrl('astoria', '0000000'), `${accountUrl('astoria', '0000000')}/transactions`, accountUrl('astoria', NORMA_BROKERAGE)]) {
            const res = await getJson(url, bearer(token));
            expect(res.status).not.toBe(200);
            expect(res.status).toBeLessThan(500);
            expect([401, 404]).toContain(res.status);
            expect(res.json?.accountId).toBeUndefined();
          }
        }
      });

      it('an unknown bank is 404', async () => {
        const res = await getJson(accountUrl('nowhere', CHECKING), bearer(tokenFor('astoria', CHECKING)));
        expect(res.status).not.toBe(200);
        expect(res.status).toBeLessThan(500);
      });
    });
  });

  describe('RFC 7662 introspection for banks', () => {
    let astoriaAuth: string;
    let normaAuth: string;
    const introspect = (token: string, headers: Record<string, string> = {}) => postForm(`${baseUrl}/as/introspect`, { token }, { accept: 'application/json', ...headers });

    beforeAll(async () => {
      const rows = (await run.db.query('select bank_id, issuer, client_id, client_secret from bank_as_clients')) as { bank_id: string; issuer: string; client_id: string; client_secret: string }[];
      const of = (bank: string) => {
        const row = rows.find((r) => r.bank_id === bank && r.issuer === `${baseUrl}/as`);
        if (!row) throw new Error(`no bank client for ${bank}: ${JSON.stringify(rows.map((r) => r.bank_id))}`);
        return basic(row.client_id, row.client_secret);
      };
      astoriaAuth = of('astoria');
      normaAuth = of('norma');
    });

    it("Astoria introspects its own token: active, aud, scope, exp, UMA permissions", async () => {
      const token = tokenFor('astoria', CHECKING);
      const { payload } = parts(token);
      const res = await introspect(token, { authorization: astoriaAuth });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toContain('no-store');
      expect(res.json).toMatchObject({
        active: true,
        aud: bankUrl('astoria'),
        iss: `${baseUrl}/as`,
        scope: 'accounts:read transactions:read',
        client_id: client.client_id,
        exp: payload.exp,
        sub: payload.sub,
      });
      expect(typeof res.json.exp).toBe('number');
      expect(res.json.permissions).toEqual([expect.objectContaining({ resource_id: payload.resource_id, resource_scopes: ['accounts:read', 'transactions:read'] })]);
      const [delegation] = (await run.db.query(`select resource_id from bank_delegations where bank_id = 'astoria' and account_id = '${CHECKING}'`)) as { resource_id: string }[];
      expect(payload.resource_id).toBe(delegation.resource_id);
    });

    it('a Norma token introspected by Astoria is {"active": false} and nothing more', async () => {
      const res = await introspect(tokenFor('norma', NORMA_BROKERAGE), { authorization: astoriaAuth });
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ active: false });
      // while Norma, its audience, does learn about it
      const own = await introspect(tokenFor('norma', NORMA_BROKERAGE), { authorization: normaAuth });
      expect(own.json).toMatchObject({ active: true, aud: bankUrl('norma') });
    });

    it('a client that is not a resource server (the app itself) learns nothing', async () => {
      const res = await introspect(tokenFor('astoria', CHECKING), { authorization: basic(client.client_id, client.client_secret) });
      expect(res.json).toEqual({ active: false });
    });

    it('no client authentication → 401 invalid_client with WWW-Authenticate', async () => {
      const res = await introspect(tokenFor('astoria', CHECKING));
      expect(res.status).toBe(401);
      expect(res.json.error).toBe('invalid_client');
      expect(res.headers.get('www-authenticate')).toBeTruthy();
      expect(res.json.active).toBeUndefined();
    });

    it('wrong client secret → 401 invalid_client', async () => {
      const clientId = Buffer.from(astoriaAuth.slice(6), 'base64').toString().split(':')[0];
      const res = await introspect(tokenFor('astoria', CHECKING), { authorization: basic(decodeURIComponent(clientId), 'wrong-secret') });
      expect(res.status).toBe(401);
      expect(res.json.error).toBe('invalid_client');
      expect(res.json.active).toBeUndefined();
    });

    it('a garbage token → {"active": false}', async () => {
      for (const token of ['garbage', 'abc.def.ghi', randomBytes(32).toString('base64url')]) {
        const res = await introspect(token, { authorization: astoriaAuth });
        expect(res.status).toBe(200);
        expect(res.json).toEqual({ active: false });
      }
    });

    it('forged and expired tokens → {"active": false}', async () => {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const claims = claimsFor('astoria', CHECKING);
      const now = Math.floor(Date.now() / 1000);
      const forgeries = [
        compact({ alg: 'ES256', typ: 'at+jwt', kid: asKid }, claims, es256(privateKey)),
        compact({ alg: 'none', typ: 'at+jwt', kid: asKid }, claims, () => ''),
        compact({ alg: 'HS256', typ: 'at+jwt', kid: asKid }, claims, (input) => createHmac('sha256', asPublicPem).update(input).digest('base64url')),
        asSigned(claimsFor('astoria', CHECKING, { iat: now - 1200, exp: now - 600 })),
      ];
      for (const token of forgeries) {
        const res = await introspect(token, { authorization: astoriaAuth });
        expect(res.json).toEqual({ active: false });
      }
    });

    it('after the grant is revoked (RFC 7009 with the refresh token), the same token → {"active": false}', async () => {
      const token = tokenFor('astoria', CHECKING);
      expect((await introspect(token, { authorization: astoriaAuth })).json.active).toBe(true);
      const revoke = await postForm(`${baseUrl}/as/revoke`, { token: refreshToken, token_type_hint: 'refresh_token' }, { authorization: basic(client.client_id, client.client_secret) });
      expect(revoke.status).toBe(200);
      const res = await introspect(token, { authorization: astoriaAuth });
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ active: false });
      expect((await introspect(tokenFor('norma', NORMA_BROKERAGE), { authorization: normaAuth })).json).toEqual({ active: false });
    });
  });
});
