import type { TraceExchange } from '../common/trace/trace.recorder.js';

export interface StepInfo {
  phase: 1 | 2 | 3 | 4 | null;
  /** The seed's step numbers, where it gives them. */
  seed?: string;
  title: string;
}

const bankName = (party: string) => ({ 'bank:norma': 'Norma', 'bank:lastish': 'Lastish', 'bank:monami': 'Monami', 'bank:astoria': 'Astoria' })[party] ?? party;
const isBank = (p: string) => p.startsWith('bank:');

/**
 * Which phase and step of the story an exchange belongs to. `context` is the phase of the previous
 * exchange, for steps that look the same in two phases (signing in at the AS, the consent page).
 */
export function classify(e: TraceExchange, context: StepInfo['phase']): StepInfo {
  const path = e.url.split('?')[0];
  const query = new URLSearchParams(e.url.split('?')[1] ?? '');
  const body = (e.request.body && typeof e.request.body === 'object' ? e.request.body : {}) as Record<string, unknown>;
  const bankCaller = isBank(e.from);
  const phaseOfCaller = bankCaller ? 1 : e.from === 'grapher' ? 2 : context;

  if (isBank(e.to) && path.endsWith('/ssf/events')) return { phase: null, title: `The AS pushes a revocation to ${bankName(e.to)} (SSF, RFC 8935): from now on it refuses the grant's tokens` };
  if (e.to.startsWith('bank:') && e.channel === 'front') {
    if (path.endsWith('/login')) return { phase: 1, title: `Sign in at ${bankName(e.to)}` };
    if (path.endsWith('/delegate')) return { phase: 1, title: `Tell ${bankName(e.to)}: "my AS is …"` };
    if (path.endsWith('/callback')) return { phase: 1, title: `Back at ${bankName(e.to)} with a code` };
    if (path.includes('/undelegate')) return { phase: null, title: `Stop delegating an account at ${bankName(e.to)}` };
    if (path.includes('/fdx/')) return { phase: 3, seed: '[16]–[19]', title: `Data from ${bankName(e.to)}` };
    return { phase: 1, title: `${bankName(e.to)}'s page` };
  }
  if (e.to === 'grapher') {
    if (path.endsWith('/connect')) return { phase: 2, title: 'The "AS" button: Grapher learns your AS' };
    if (path.endsWith('/callback')) return { phase: 2, seed: '[10]–[11]', title: 'The code comes back to Grapher by redirect' };
    if (path.endsWith('/picture')) return { phase: 4, seed: '[20]–[22]', title: 'Grapher draws the picture' };
    if (path.endsWith('/disconnect')) return { phase: null, title: 'Disconnect: Grapher revokes its grant' };
    return { phase: 2, title: 'Grapher' };
  }
  if (isBank(e.to) && e.channel === 'back') return { phase: 3, seed: '[16]–[19]', title: `Grapher fetches ${bankName(e.to)} with that bank's token` };
  if (e.to === 'as') {
    if (path.startsWith('/.well-known/webfinger')) return { phase: phaseOfCaller, title: 'WebFinger: acct: → issuer (RFC 7033)' };
    if (path.startsWith('/.well-known/oauth-authorization-server')) return { phase: phaseOfCaller, title: 'Discover the AS (RFC 8414 metadata)' };
    if (path === '/as/register') return { phase: phaseOfCaller, title: `${bankCaller ? bankName(e.from) : 'Grapher'} registers at the AS (RFC 7591)` };
    if (path === '/as/authorize') {
      const pat = (query.get('scope') ?? '').includes('uma_protection');
      return pat ? { phase: 1, title: 'The bank asks the AS for a PAT (uma_protection)' } : { phase: 2, seed: '[5]', title: 'Authorization request: "Nat\'s bank data, please"' };
    }
    if (path === '/as/login') return { phase: context, title: 'Sign in at your AS' };
    if (path.startsWith('/as/consent/')) {
      if (e.method === 'GET') return { phase: context, seed: context === 2 ? '[6]–[7]' : undefined, title: 'The consent dialogue' };
      return { phase: context, seed: context === 2 ? '[8]–[9]' : undefined, title: body.decision === 'deny' ? 'Deny' : 'Allow: authorization is done' };
    }
    if (path === '/as/token') {
      if (bankCaller) return { phase: 1, title: 'The bank redeems its code for a PAT' };
      return body.grant_type === 'refresh_token'
        ? { phase: null, title: 'Refresh: new tokens, the old refresh token dies' }
        : { phase: 2, seed: '[12]', title: 'Code + client secret at the token endpoint → access token and intro_endpoint' };
    }
    if (path.startsWith('/as/uma/resource_set')) return { phase: 1, title: 'The bank registers an account at the AS (UMA)' };
    if (path === '/as/intro') return { phase: 3, seed: '[13]–[15]', title: 'Intro: every bank endpoint with its own token' };
    if (path === '/as/jwks') return { phase: 3, title: `${bankName(e.from)} fetches the AS's keys to check signatures` };
    if (path === '/as/introspect') return { phase: 3, title: `${bankName(e.from)} asks the AS if a token still stands (RFC 7662)` };
    if (path === '/as/revoke') return { phase: null, title: 'Revocation (RFC 7009)' };
    if (path.startsWith('/as/account')) return { phase: null, title: 'Your dashboard at the AS' };
    return { phase: context, title: 'The AS' };
  }
  return { phase: context, title: `${e.from} → ${e.to}` };
}
