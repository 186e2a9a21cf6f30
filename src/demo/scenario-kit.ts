import { createHash, randomBytes } from 'node:crypto';
import { createDpopProof, DpopKey } from '../common/dpop/dpop-proof.js';
import { authorizeThrough, Browser } from './robot-browser.js';

/** A break-it scenario: what it does, what should happen, and what it saw. */
export interface Scenario {
  name: string;
  title: string;
  expected: string;
  run: (kit: Kit) => Promise<{ observed: string; passed: boolean }>;
}

export interface DemoClient {
  client_id: string;
  client_secret: string;
}

const SINK = '/demo/sink';

/** What the scenarios do over HTTP, as an outside app and a person's browser would. */
export class Kit {
  readonly browser = new Browser();
  constructor(readonly base: string) {}

  async register(extra: Record<string, unknown> = {}): Promise<DemoClient> {
    const res = await fetch(`${this.base}/as/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: 'Break-it demo app', redirect_uris: [`${this.base}${SINK}`], scope: 'accounts:read transactions:read', ...extra }),
    });
    return (await res.json()) as DemoClient;
  }

  async code(client: DemoClient, decision: 'allow' | 'deny' = 'allow'): Promise<{ back: URL; verifier: string }> {
    const verifier = randomBytes(32).toString('base64url');
    const url = new URL(`${this.base}/as/authorize`);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: client.client_id,
      redirect_uri: `${this.base}${SINK}`,
      scope: 'accounts:read transactions:read',
      state: randomBytes(8).toString('hex'),
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    return { back: await authorizeThrough(this.browser, url.toString(), { decision }), verifier };
  }

  async redeem(client: DemoClient, code: string, verifier: string) {
    return this.post('/as/token', client, { grant_type: 'authorization_code', code, redirect_uri: `${this.base}${SINK}`, code_verifier: verifier });
  }

  async tokens(client: DemoClient): Promise<Record<string, string>> {
    const { back, verifier } = await this.code(client);
    return (await this.redeem(client, back.searchParams.get('code') as string, verifier)).body as Record<string, string>;
  }

  async intro(accessToken: string): Promise<{ status: number; body: Record<string, { endpoint: string; access_token: string }> }> {
    const res = await fetch(`${this.base}/as/intro`, { headers: { authorization: `Bearer ${accessToken}` } });
    return { status: res.status, body: (await res.json()) as Record<string, { endpoint: string; access_token: string }> };
  }

  /** The code flow with DPoP (RFC 9449 §5): the token request proves `key`, once more with the AS's nonce if asked (§8). */
  async dpopTokens(client: DemoClient, key: DpopKey): Promise<Record<string, string>> {
    const { back, verifier } = await this.code(client);
    const form = { grant_type: 'authorization_code', code: back.searchParams.get('code') as string, redirect_uri: `${this.base}${SINK}`, code_verifier: verifier };
    const send = (nonce?: string) => this.post('/as/token', client, form, { dpop: createDpopProof(key, 'POST', `${this.base}/as/token`, { nonce }) });
    let res = await send();
    if (res.body.error === 'use_dpop_nonce') res = await send(res.nonce ?? undefined);
    return res.body as Record<string, string>;
  }

  /** Intro with a DPoP-bound token and a proof of its key (RFC 9449 §7.1). */
  async dpopIntro(accessToken: string, key: DpopKey): Promise<Record<string, { endpoint: string; access_token: string }>> {
    const url = `${this.base}/as/intro`;
    const res = await fetch(url, { headers: { authorization: `DPoP ${accessToken}`, dpop: createDpopProof(key, 'GET', url, { accessToken }) } });
    return (await res.json()) as Record<string, { endpoint: string; access_token: string }>;
  }

  async post(path: string, client: DemoClient, form: Record<string, string>, headers: Record<string, string> = {}) {
    const res = await fetch(`${this.base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${client.client_id}:${client.client_secret}`).toString('base64')}`, ...headers },
      body: new URLSearchParams(form).toString(),
    });
    return { status: res.status, nonce: res.headers.get('dpop-nonce'), body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
  }
}

export const entry = (map: Record<string, { endpoint: string; access_token: string }>, bank: string) => Object.values(map).find((e) => e.endpoint.includes(`/banks/${bank}/`));
export const www = (res: Response) => res.headers.get('www-authenticate') ?? '';

