import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { TraceRecorder } from '../common/trace/trace.recorder.js';
import { DPOP_SCENARIOS } from './dpop-scenarios.js';
import { forms } from './robot-browser.js';
import { entry, Kit, Scenario, www } from './scenario-kit.js';

export interface ScenarioResult {
  name: string;
  title: string;
  expected: string;
  observed: string;
  passed: boolean;
  /** The trace ids of the exchanges the scenario made (first and last), when the trace is on and it made any. */
  trace?: { from: number; to: number };
}

const SCENARIOS: Scenario[] = [
  {
    name: 'replay-code',
    title: 'Replay a used authorization code',
    expected: 'The second redemption is refused with invalid_grant, and the tokens from the first stop working.',
    run: async (kit) => {
      const client = await kit.register();
      const { back, verifier } = await kit.code(client);
      const code = back.searchParams.get('code') as string;
      const first = await kit.redeem(client, code, verifier);
      const second = await kit.redeem(client, code, verifier);
      const intro = await kit.intro(String(first.body.access_token));
      return {
        observed: `first: ${first.status}; replay: ${second.status} ${String(second.body.error)}; Intro with the first token: ${intro.status}`,
        passed: first.status === 200 && second.body.error === 'invalid_grant' && intro.status === 401,
      };
    },
  },
  {
    name: 'cross-bank',
    title: "Present Norma's token at Bank of Astoria",
    expected: 'Astoria answers 401 invalid_token: the token is for another bank (aud) and another account.',
    run: async (kit) => {
      const tokens = await kit.tokens(await kit.register());
      const { body } = await kit.intro(tokens.access_token);
      const norma = entry(body, 'norma');
      const astoria = entry(body, 'astoria');
      if (!norma || !astoria) return { observed: 'Norma and Astoria must both be delegated and shared first: press Play.', passed: false };
      const res = await fetch(astoria.endpoint, { headers: { authorization: `Bearer ${norma.access_token}` } });
      return { observed: `${res.status} ${www(res)}`, passed: res.status === 401 && www(res).includes('invalid_token') };
    },
  },
  {
    name: 'tampered-jwt',
    title: 'Tamper with a bank token (widen its scope)',
    expected: 'The bank answers 401 invalid_token: the signature no longer matches the claims.',
    run: async (kit) => {
      const tokens = await kit.tokens(await kit.register());
      const norma = entry((await kit.intro(tokens.access_token)).body, 'norma');
      if (!norma) return { observed: 'Norma must be delegated and shared first: press Play.', passed: false };
      const [h, p, s] = norma.access_token.split('.');
      const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
      claims.scope = 'accounts:read transactions:read payments:write';
      const forged = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
      const res = await fetch(norma.endpoint, { headers: { authorization: `Bearer ${forged}` } });
      return { observed: `${res.status} ${www(res)}`, passed: res.status === 401 && www(res).includes('invalid_token') };
    },
  },
  {
    name: 'deny',
    title: 'Deny at the consent page',
    expected: 'The app receives error=access_denied with its state and the AS as iss; no code.',
    run: async (kit) => {
      const { back } = await kit.code(await kit.register(), 'deny');
      const p = back.searchParams;
      return {
        observed: `error=${p.get('error')} state=${p.has('state') ? 'present' : 'missing'} iss=${p.get('iss')} code=${p.has('code') ? 'present' : 'none'}`,
        passed: p.get('error') === 'access_denied' && p.has('state') && p.get('iss') === `${kit.base}/as` && !p.has('code'),
      };
    },
  },
  {
    name: 'revoke',
    title: 'Revoke the grant, then try again',
    expected: 'After RFC 7009 revocation of the refresh token, Intro answers 401, the refresh token is dead, and the AS pushes the revocation to every bank (a SET, SSF / RFC 8935): Norma refuses the bank token it accepted a moment before, well inside the 30 s recheck bound.',
    run: async (kit) => {
      const client = await kit.register();
      const tokens = await kit.tokens(client);
      const before = await kit.intro(tokens.access_token);
      const norma = entry(before.body, 'norma');
      const bankCall = () => (norma ? fetch(norma.endpoint, { headers: { authorization: `Bearer ${norma.access_token}` } }).then((r) => r.status) : Promise.resolve(0));
      const bankBefore = await bankCall();
      const revoked = await kit.post('/as/revoke', client, { token: tokens.refresh_token, token_type_hint: 'refresh_token' });
      const after = await kit.intro(tokens.access_token);
      const refresh = await kit.post('/as/token', client, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
      // The push goes out as the revocation commits; give it a moment (far less than the recheck bound).
      let bankAfter = await bankCall();
      for (let i = 0; i < 20 && bankAfter === 200; i++) bankAfter = await new Promise((r) => setTimeout(r, 50)).then(bankCall);
      return {
        observed: `Intro before: ${before.status}; Norma before: ${bankBefore}; revoke: ${revoked.status}; Intro after: ${after.status}; refresh: ${String(refresh.body.error)}; Norma after: ${bankAfter}`,
        passed: before.status === 200 && revoked.status === 200 && after.status === 401 && refresh.body.error === 'invalid_grant' && (!norma || (bankBefore === 200 && bankAfter === 401)),
      };
    },
  },
  {
    name: 'bank-down',
    title: 'Monami Card is down',
    expected: "Grapher shows Monami as unavailable beside the charts and still draws the other banks.",
    run: async (kit) => {
      const outage = (down: boolean) => fetch(`${kit.base}/banks/monami/demo/outage`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ down }) });
      await outage(true);
      try {
        let page = await kit.browser.get(`${kit.base}/grapher`);
        const connect = forms(page).find((f) => f.action.includes('/grapher/connect'));
        if (connect) {
          page = await kit.browser.submit(page, '/grapher/connect');
          if (forms(page).some((f) => f.action.includes('/as/login'))) page = await kit.browser.submit(page, '/as/login', { username: 'nat', password: 'nat-demo' });
          page = await kit.browser.submit(page, '/as/consent/', {}, { name: 'decision', value: 'allow' });
        }
        page = await kit.browser.get(`${kit.base}/grapher/picture`);
        const notice = /Monami Card[^<]*<\/strong>:?\s*([^<]*)/.exec(page.html)?.[1]?.trim();
        const drew = (page.html.match(/<svg/g) ?? []).length > 0;
        return { observed: notice ? `Grapher: "Monami Card: ${notice}"; charts drawn: ${drew}` : `no notice for Monami (HTTP ${page.status})`, passed: !!notice && drew };
      } finally {
        await outage(false);
      }
    },
  },
  ...DPOP_SCENARIOS,
];

/** "Break it on purpose": each scenario attacks or disturbs the flow and reports the protection that answered. */
@Injectable()
export class ScenariosService {
  private kit?: Kit;

  constructor(
    private readonly config: AppConfig,
    private readonly recorder: TraceRecorder,
  ) {}

  list() {
    return SCENARIOS.map(({ name, title, expected }) => ({ name, title, expected }));
  }

  async run(name: string): Promise<ScenarioResult | undefined> {
    const scenario = SCENARIOS.find((s) => s.name === name);
    if (!scenario) return undefined;
    this.kit ??= new Kit(this.config.publicUrl);
    const before = this.newestTraceId();
    let outcome: { observed: string; passed: boolean };
    try {
      outcome = await scenario.run(this.kit);
    } catch (err) {
      const message = (err as Error).message.includes('No account chosen') || (err as Error).message.includes('nothing to share')
        ? 'No bank has delegated accounts yet: press Play (or delegate at a bank) first.'
        : (err as Error).message.slice(0, 300);
      outcome = { observed: message, passed: false };
    }
    const after = this.newestTraceId();
    return { name, title: scenario.title, expected: scenario.expected, ...outcome, ...(after > before ? { trace: { from: before + 1, to: after } } : {}) };
  }

  private newestTraceId(): number {
    return this.recorder.since(0).at(-1)?.id ?? 0;
  }

  forget(): void {
    this.kit = undefined;
  }
}
