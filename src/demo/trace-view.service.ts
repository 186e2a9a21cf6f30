import { Injectable } from '@nestjs/common';
import { createPublicKey, JsonWebKey, KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { HttpClient } from '../common/http/http-client.js';
import { traceContext } from '../common/trace/trace-context.js';
import { TraceExchange, TraceRecorder } from '../common/trace/trace.recorder.js';
import { AppConfig } from '../config/app-config.js';
import { decodeJws, importPublicJwk, isFapiAlg, jwkThumbprint, verifyJws } from '../common/jose/jws.js';
import { classify, StepInfo } from './classify.js';
import { CLAIMS, GLOSSARY, GlossaryEntry } from './glossary.js';

const SECRET_KEYS = new Set(['password', 'client_secret', 'client_assertion', 'code', 'code_verifier', 'refresh_token', 'access_token', 'token', '_csrf']);
const JWT_RE = /^[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*$/;

export interface DecodedJwt {
  where: string;
  header: Record<string, unknown>;
  claims: { name: string; value: unknown; meaning?: string }[];
  signature:
    | 'verified with the AS JWKS'
    | 'INVALID'
    | 'signed by a key the AS does not publish'
    | 'verified with the key in its own header'
    | "checked by the AS against the client's registered keys";
  /** What ties it to the rest: a DPoP proof's key thumbprint against the token's cnf.jkt. */
  note?: string;
}

export interface ExchangeView extends TraceExchange, StepInfo {
  params: (GlossaryEntry & { name: string })[];
  jwts: DecodedJwt[];
}

/** Exchanges per answer of the trace API: a page that polls never pulls the whole trace in one go. */
export const TRACE_PAGE = 100;

export interface TracePage {
  enabled: boolean;
  /** Ask with `since=<cursor>` next time. */
  cursor: number;
  /** More exchanges are waiting after this page. */
  more: boolean;
  exchanges: ExchangeView[];
}

/** Turns recorded exchanges into what the trace page shows: steps, explained parameters, decoded JWTs, secrets masked. */
@Injectable()
export class TraceViewService {
  private keys?: { at: number; byKid: Map<string, KeyObject> };

  constructor(
    private readonly recorder: TraceRecorder,
    private readonly http: HttpClient,
    private readonly config: AppConfig,
  ) {}

  /**
   * The exchanges after `sinceId`, oldest first, at most `limit` of them. `cursor` is the id to ask from
   * next time (so a page that polls fetches only what is new), `more` says another page is waiting.
   */
  async view(sinceId: number, reveal: boolean, limit = TRACE_PAGE): Promise<TracePage> {
    let phase: StepInfo['phase'] = null;
    const all = this.recorder.since(0);
    const out: ExchangeView[] = [];
    let more = false;
    for (const e of all) {
      const step = classify(e, phase);
      if (step.phase) phase = step.phase;
      if (e.id <= sinceId) continue;
      if (out.length >= limit) {
        more = true;
        break;
      }
      const jwts = await this.decodeJwts(e);
      out.push({ ...(reveal ? e : mask(e)), ...step, params: explain(e), jwts });
    }
    const cursor = out.length ? out[out.length - 1].id : Math.max(sinceId, 0);
    return { enabled: this.recorder.enabled, cursor, more, exchanges: out };
  }


  private async decodeJwts(e: TraceExchange): Promise<DecodedJwt[]> {
    const found: { where: string; token: string; kind: 'as' | 'dpop' | 'assertion' }[] = [];
    const auth = /^(Bearer|DPoP) (\S+)$/i.exec(e.request.headers.authorization ?? '');
    if (auth && JWT_RE.test(auth[2])) found.push({ where: 'Authorization header', token: auth[2], kind: 'as' });
    const proof = e.request.headers.dpop;
    if (proof && JWT_RE.test(proof)) found.push({ where: 'DPoP header (proof of possession, RFC 9449 §4)', token: proof, kind: 'dpop' });
    const assertion = (e.request.body as Record<string, unknown> | undefined)?.client_assertion;
    if (typeof assertion === 'string' && JWT_RE.test(assertion)) found.push({ where: 'client_assertion (private_key_jwt, RFC 7523 §2.2)', token: assertion, kind: 'assertion' });
    // A pushed Security Event Token is the request body itself (RFC 8935 §2.1), signed by the AS.
    if (typeof e.request.body === 'string' && JWT_RE.test(e.request.body)) found.push({ where: 'request body: a Security Event Token (RFC 8417) pushed by RFC 8935', token: e.request.body, kind: 'as' });
    walk(e.response.body, 'response', (where, v) => JWT_RE.test(v) && found.push({ where, token: v, kind: 'as' }));
    const bound = auth ? (jwt.decode(auth[2]) as { cnf?: { jkt?: unknown } } | null)?.cnf?.jkt : undefined;
    const out: DecodedJwt[] = [];
    for (const { where, token, kind } of found) {
      const decoded = jwt.decode(token, { complete: true });
      if (!decoded || typeof decoded.payload !== 'object') continue;
      const claims = Object.entries(decoded.payload).map(([name, value]) => ({
        name,
        value: (name === 'exp' || name === 'iat') && typeof value === 'number' ? `${value} (${new Date(value * 1000).toISOString()})` : value,
        meaning: CLAIMS[name],
      }));
      const header = decoded.header as unknown as Record<string, unknown>;
      if (kind === 'dpop') out.push({ where, header, claims, ...proofCheck(token, header, bound) });
      else if (kind === 'assertion') out.push({ where, header, claims, signature: "checked by the AS against the client's registered keys" });
      else out.push({ where, header, claims, signature: await this.verify(token, decoded.header.kid) });
    }
    return out;
  }

  /** Checks the signature against the AS's published JWKS, fetched over HTTP like any bank does. */
  private async verify(token: string, kid: unknown): Promise<DecodedJwt['signature']> {
    if (!this.keys || Date.now() - this.keys.at > 60_000) {
      const res = await traceContext.run({ party: 'demo' }, () => this.http.json<{ keys: (JsonWebKey & { kid: string })[] }>(`${this.config.asIssuer}/jwks`)).catch(() => undefined);
      this.keys = { at: Date.now(), byKid: new Map((res?.body?.keys ?? []).map((k) => [k.kid, createPublicKey({ key: k, format: 'jwk' })])) };
    }
    const key = typeof kid === 'string' ? this.keys.byKid.get(kid) : undefined;
    if (!key) return 'signed by a key the AS does not publish';
    try {
      jwt.verify(token, key, { algorithms: ['ES256'], ignoreExpiration: true });
      return 'verified with the AS JWKS';
    } catch {
      return 'INVALID';
    }
  }
}

/** A DPoP proof is checked with the public key in its own header; that key's thumbprint must be the token's cnf.jkt. */
function proofCheck(token: string, header: Record<string, unknown>, bound: unknown): Pick<DecodedJwt, 'signature' | 'note'> {
  const decoded = decodeJws(token);
  const key = importPublicJwk(header.jwk);
  const ok = !!decoded && !!key && isFapiAlg(header.alg) && verifyJws(decoded, header.alg, key);
  if (!ok || !key) return { signature: 'INVALID' };
  const jkt = jwkThumbprint(header.jwk as Record<string, unknown>);
  const match = typeof bound !== 'string' ? 'the request carries no DPoP-bound token' : bound === jkt ? "matches the token's cnf.jkt" : `does NOT match the token's cnf.jkt (${bound})`;
  return { signature: 'verified with the key in its own header', note: `key thumbprint (jkt) ${jkt}: ${match}` };
}

function walk(value: unknown, where: string, visit: (where: string, v: string) => void): void {
  if (typeof value === 'string') visit(where, value);
  else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${where}[${i}]`, visit));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, `${where}.${k}`, visit);
}

/** Explanations for every parameter that appears in the URL, the request body or the response body. */
function explain(e: TraceExchange): (GlossaryEntry & { name: string })[] {
  const names = new Set<string>();
  for (const k of new URLSearchParams(e.url.split('?')[1] ?? '').keys()) names.add(k);
  const location = e.response.headers.location;
  if (location) for (const k of new URL(location, 'http://x').searchParams.keys()) names.add(k);
  const collect = (v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k, inner] of Object.entries(v)) (names.add(k), collect(inner));
  };
  collect(e.request.body);
  collect(e.response.body);
  return [...names].filter((n) => GLOSSARY[n]).map((name) => ({ name, ...GLOSSARY[name] }));
}

/** A masked secret shows no character of it, and not its length either (a password's length is a hint). */
export function maskValue(_v: string): string {
  return '••••••';
}

function maskDeep(value: unknown, key?: string): unknown {
  if (typeof value === 'string') return key && SECRET_KEYS.has(key) ? maskValue(value) : JWT_RE.test(value) ? maskValue(value) : value;
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, key));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v, k)]));
  return value;
}

function maskUrl(url: string): string {
  return url.replace(/([?&])([^=&#]+)=([^&#]*)/g, (whole, sep: string, key: string, value: string) =>
    SECRET_KEYS.has(decodeURIComponent(key)) ? `${sep}${key}=${maskValue(decodeURIComponent(value))}` : whole,
  );
}

/** Secrets hidden by default: passwords, client secrets, codes, tokens, cookies, CSRF tokens. */
export function mask(e: TraceExchange): TraceExchange {
  const headers = (h: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(h).map(([k, v]) => {
        if (k === 'dpop') return [k, maskValue(v)];
        if (k === 'authorization') return [k, v.replace(/^(\w+) (.+)$/, (_m, scheme: string, cred: string) => `${scheme} ${maskValue(cred)}`)];
        if (k === 'cookie') return [k, v.replace(/=([^;]+)/g, (_m, val: string) => `=${maskValue(val)}`)];
        if (k === 'set-cookie') return [k, v.replace(/^([^=\n]+)=([^;\n]*)/gm, (_m, name: string, val: string) => `${name}=${maskValue(val)}`)];
        if (k === 'location') return [k, maskUrl(v)];
        return [k, v];
      }),
    );
  return {
    ...e,
    url: maskUrl(e.url),
    request: { headers: headers(e.request.headers), body: maskDeep(e.request.body) },
    response: { headers: headers(e.response.headers), body: maskDeep(e.response.body) },
  };
}
