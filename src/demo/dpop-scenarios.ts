import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createDpopProof, newDpopKey } from '../common/dpop/dpop-proof.js';
import { signJws } from '../common/jose/jws.js';
import { entry, Scenario, www } from './scenario-kit.js';

/** The reason a refusal gave, as its challenge (RFC 6750 §3, RFC 9449 §7.1) words it. */
const reason = (res: Response) => /error_description="([^"]*)"/.exec(www(res))?.[1] ?? www(res);
const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;

/** FAPI 2.0's attacks on sender-constrained tokens, where the fan-out makes them tempting. */
export const DPOP_SCENARIOS: Scenario[] = [
  {
    name: 'bank-token-without-key',
    title: 'Steal a DPoP-bound bank token and replay it without its key',
    expected: 'Norma refuses the token as a Bearer token and with a proof of the thief’s own key: 401, WWW-Authenticate: DPoP, the bank names what is missing.',
    run: async (kit) => {
      const key = newDpopKey();
      const client = await kit.register({ client_name: 'Break-it DPoP app', dpop_bound_access_tokens: true });
      const tokens = await kit.dpopTokens(client, key);
      const norma = entry(await kit.dpopIntro(tokens.access_token, key), 'norma');
      if (!norma) return { observed: 'Norma must be delegated and shared first: press Play.', passed: false };
      const jkt = (claimsOf(norma.access_token).cnf as { jkt?: string } | undefined)?.jkt;
      const asBearer = await fetch(norma.endpoint, { headers: { authorization: `Bearer ${norma.access_token}` } });
      const thief = newDpopKey();
      const thiefProof = createDpopProof(thief, 'GET', norma.endpoint, { accessToken: norma.access_token });
      const withThiefKey = await fetch(norma.endpoint, { headers: { authorization: `DPoP ${norma.access_token}`, dpop: thiefProof } });
      const owner = await fetch(norma.endpoint, { headers: { authorization: `DPoP ${norma.access_token}`, dpop: createDpopProof(key, 'GET', norma.endpoint, { accessToken: norma.access_token }) } });
      return {
        observed: `token bound to cnf.jkt ${jkt?.slice(0, 8)}…; as Bearer: ${asBearer.status} (${reason(asBearer)}); with the thief's key ${thief.jkt.slice(0, 8)}…: ${withThiefKey.status} (${reason(withThiefKey)}); the app with its key: ${owner.status}`,
        passed: jkt === key.jkt && asBearer.status === 401 && withThiefKey.status === 401 && www(withThiefKey).startsWith('DPoP ') && owner.status === 200,
      };
    },
  },
  {
    name: 'cuckoo-token',
    title: "Cuckoo's Token: a token from another AS, with a valid proof of the attacker's key",
    expected: 'The bank refuses it (401): the account is delegated to Nat’s AS, and the token names another issuer — a valid proof does not make a foreign token good.',
    run: async (kit) => {
      // The attacker runs an AS of their own and mints a token for Nat's account at Norma, bound to their key;
      // an app that trusts that AS for Norma (a directory listed it) would present it with a good proof.
      const attacker = newDpopKey();
      const attackerAs = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
      const normaEndpoint = `${kit.base}/banks/norma/fdx/v6/accounts/5835394`;
      const meta = (await (await fetch(`${kit.base}/.well-known/oauth-protected-resource/banks/norma/fdx/v6/accounts/5835394`)).json().catch(() => ({}))) as { authorization_servers?: string[] };
      if (!meta.authorization_servers) return { observed: 'Norma must be delegated first: press Play.', passed: false };
      const now = Math.floor(Date.now() / 1000);
      const cuckoo = signJws(
        { typ: 'at+jwt', kid: 'attacker-1' },
        { iss: 'https://attacker-as.example/as', sub: 'nat', aud: `${kit.base}/banks/norma`, scope: 'accounts:read', resource_id: 'any', iat: now, exp: now + 600, jti: randomBytes(16).toString('base64url'), cnf: { jkt: attacker.jkt } },
        'ES256',
        attackerAs,
      );
      const res = await fetch(normaEndpoint, { headers: { authorization: `DPoP ${cuckoo}`, dpop: createDpopProof(attacker, 'GET', normaEndpoint, { accessToken: cuckoo }) } });
      return {
        observed: `Norma's account is delegated to ${meta.authorization_servers.join(', ')}; the token's iss is https://attacker-as.example/as, its proof valid for key ${attacker.jkt.slice(0, 8)}…: ${res.status} (${reason(res)})`,
        passed: res.status === 401 && /not issued by the authorization server this account is delegated to/.test(reason(res)),
      };
    },
  },
];
