import { createPublicKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { Browser } from './support/browser.js';
import { delegateBank, getJson, obtainTokens, registerClient } from './support/fixtures.js';
import { RunningApp, startApp } from './support/app.js';

/** The signed consent receipt a person downloads from the dashboard, checked as a stranger would: with the AS's published keys. */
describe('Signed consent receipt', () => {
  let run: RunningApp;
  let browser: Browser;

  async function verifyWithPublishedKeys(receipt: string): Promise<Record<string, any>> {
    const header = jwt.decode(receipt, { complete: true })!.header;
    expect(header).toMatchObject({ alg: 'ES256', typ: 'consent-receipt+jwt' });
    const keys = (await getJson(`${run.baseUrl}/as/jwks`)).json.keys as Record<string, unknown>[];
    const jwk = keys.find((k) => k.kid === header.kid)!;
    return jwt.verify(receipt, createPublicKey({ key: jwk as any, format: 'jwk' }), { algorithms: ['ES256'], issuer: `${run.baseUrl}/as` }) as Record<string, any>;
  }

  beforeAll(async () => {
    run = await startApp();
    browser = new Browser();
    for (const bank of ['norma', 'astoria']) await delegateBank(browser, run.baseUrl, bank);
  });
  afterAll(() => run.close());

  it('the dashboard links each grant’s receipt; it names who, the app, the accounts at their banks, scopes, window, duration, created and status', async () => {
    const c = await registerClient(run.baseUrl, { client_name: 'Receipt App' });
    const tokens = await obtainTokens(browser, run.baseUrl, c, 'accounts:read transactions:read', (f) => ({ ...f, history_months: '3', duration: '30d' }));
    const dashboard = await browser.get(`${run.baseUrl}/as/account`);
    expect(dashboard.html).toContain(`/as/account/grants/${tokens.grant_id}/receipt`);

    const res = await browser.request('GET', `${run.baseUrl}/as/account/grants/${tokens.grant_id}/receipt`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/jwt/);
    expect(res.headers.get('content-disposition')).toContain(`consent-receipt-${tokens.grant_id}.jwt`);
    const claims = await verifyWithPublishedKeys(res.html);
    const [user] = (await run.db.query("SELECT id FROM as_users WHERE username = 'nat'")) as { id: string }[];
    expect(claims).toMatchObject({
      sub: user.id,
      grant_id: tokens.grant_id,
      person: { username: 'nat' },
      app: { client_id: c.client_id, client_name: 'Receipt App' },
      scope: 'accounts:read transactions:read',
      history_months: 3,
      duration: '30d',
      status: 'ACTIVE',
      revoked_at: null,
    });
    expect(claims.accounts.map((a: any) => a.bank_id).sort()).toEqual([`${run.baseUrl}/banks/astoria`, `${run.baseUrl}/banks/astoria`, `${run.baseUrl}/banks/norma`]);
    expect(claims.accounts.every((a: any) => typeof a.account === 'string' && typeof a.resource_id === 'string')).toBe(true);
    expect(claims.expires_at - claims.created_at).toBe(30 * 24 * 3600);

    // Revoked: a new receipt says so, and it still verifies; a tampered one does not.
    await fetch(`${run.baseUrl}/as/revoke`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${c.client_id}:${c.client_secret}`).toString('base64')}` }, body: `token=${tokens.refresh_token}` });
    const after = await verifyWithPublishedKeys((await browser.request('GET', `${run.baseUrl}/as/account/grants/${tokens.grant_id}/receipt`)).html);
    expect(after.status).toBe('REVOKED');
    expect(typeof after.revoked_at).toBe('number');
    const [h, p, s] = res.html.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, status: 'REVOKED' })).toString('base64url')}.${s}`;
    await expect(verifyWithPublishedKeys(forged)).rejects.toThrow(/invalid signature/);
    expect(p).toBeTruthy();
  });

  it('another person’s grant, or none, is 404; without signing in the dashboard asks to sign in', async () => {
    expect((await browser.request('GET', `${run.baseUrl}/as/account/grants/not-a-grant/receipt`)).status).toBe(404);
    const stranger = await fetch(`${run.baseUrl}/as/account/grants/x/receipt`, { redirect: 'manual' });
    expect(stranger.status).toBe(303);
  });
});
