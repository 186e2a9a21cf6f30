import { Injectable } from '@nestjs/common';
import { decodeJws, FAPI_ALGS, importPublicJwk, isFapiAlg, jwkThumbprint, verifyJws } from '../jose/jws.js';
import { accessTokenHash, htuOf } from './dpop-proof.js';
import { DpopNonces } from './dpop-nonce.js';
import { DpopReplayCache } from './dpop-replay.js';

/** Proof algorithms accepted (RFC 9449 §4.3 step 5; FAPI 2.0 §5.4.1: PS256, ES256, EdDSA). */
export const DPOP_ALGS: readonly string[] = FAPI_ALGS;
/** How old a proof's iat may be, and how far ahead of our clock (FAPI 2.0 §5.3.2.1 [13]: ≤ 10 s ahead). */
const IAT_PAST_S = 60;
const IAT_FUTURE_S = 10;

/** Why a proof was refused: `invalid_dpop_proof`, or `use_dpop_nonce` when a (fresh) nonce is needed. */
export class DpopProofError extends Error {
  constructor(
    readonly code: 'invalid_dpop_proof' | 'use_dpop_nonce',
    readonly reason: string,
  ) {
    super(reason);
  }
}

export interface DpopExpectations {
  /** The request's method and URL (the URL's query and fragment are ignored, §4.3 step 9). */
  htm: string;
  htu: string;
  /** At a resource server: the access token the proof must be bound to by `ath` (§4.3 step 10). */
  accessToken?: string;
  /** The thumbprint of the key the token (or code, or PAR) is bound to (§4.3 step 12, §10). */
  jkt?: string;
  /** When given, the proof MUST carry a nonce these issued (§8, §9). */
  nonces?: DpopNonces;
}

export interface VerifiedDpopProof {
  /** RFC 7638 thumbprint of the proof's key. */
  jkt: string;
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

/** RFC 9449 §4.3: checking a DPoP proof, step by step, with a jti replay check (§11.1). */
@Injectable()
export class DpopVerifier {
  private readonly replay = new DpopReplayCache();

  /** `value` is the request's DPoP header as Node gives it (a string, or an array when repeated). */
  verify(value: unknown, expect: DpopExpectations): VerifiedDpopProof {
    const fail = (why: string) => new DpopProofError('invalid_dpop_proof', why);
    // Step 1: exactly one DPoP header with one JWT.
    if (typeof value !== 'string' || value.includes(',')) throw fail('exactly one DPoP header is required');
    const jws = decodeJws(value.trim());
    if (!jws) throw fail('the DPoP proof is not a well-formed JWT'); // step 2
    const { header, payload } = jws;
    if (header.typ !== 'dpop+jwt') throw fail('the DPoP proof typ must be dpop+jwt'); // step 4
    if (!isFapiAlg(header.alg)) throw fail(`DPoP proof alg ${String(header.alg)} is not accepted (${DPOP_ALGS.join(', ')})`); // step 5
    const key = importPublicJwk(header.jwk); // step 7: a public key, never a private one
    if (!key) throw fail('the DPoP proof header must carry a public jwk');
    if (!verifyJws(jws, header.alg, key)) throw fail('the DPoP proof signature does not verify with its jwk'); // step 6
    // Step 3: the claims.
    for (const claim of ['jti', 'htm', 'htu'] as const) if (typeof payload[claim] !== 'string' || !payload[claim]) throw fail(`the DPoP proof has no ${claim}`);
    if (typeof payload.iat !== 'number') throw fail('the DPoP proof has no iat');
    if ((payload.jti as string).length > 128) throw fail('the DPoP proof jti is too long');
    if (payload.htm !== expect.htm) throw fail(`the DPoP proof htm is ${String(payload.htm)}, not ${expect.htm}`); // step 8
    if (!sameHtu(payload.htu as string, expect.htu)) throw fail('the DPoP proof htu does not name this endpoint'); // step 9
    // Step 10: at a resource server, the proof is for this very token.
    if (expect.accessToken !== undefined && payload.ath !== accessTokenHash(expect.accessToken)) throw fail('the DPoP proof ath does not match the access token');
    const jkt = jwkThumbprint(header.jwk as Record<string, unknown>);
    if (expect.jkt !== undefined && jkt !== expect.jkt) throw fail('the DPoP proof is signed with a key other than the one the token is bound to'); // step 12
    // Step 11: a server-provided nonce, once the server uses them.
    if (expect.nonces && !expect.nonces.isValid(payload.nonce)) throw new DpopProofError('use_dpop_nonce', payload.nonce === undefined ? 'a DPoP nonce is required' : 'the DPoP nonce is not valid any more');
    const now = Math.floor(Date.now() / 1000);
    if (payload.iat > now + IAT_FUTURE_S) throw fail('the DPoP proof iat is in the future');
    if (payload.iat < now - IAT_PAST_S) throw fail('the DPoP proof is too old');
    // §11.1: each proof once (per key and target), for as long as its iat would be accepted.
    if (!this.replay.firstUse(`${jkt} ${payload.htm} ${htuOf(expect.htu)} ${payload.jti as string}`, (payload.iat + IAT_PAST_S + 1) * 1000)) {
      throw fail('this DPoP proof was used before');
    }
    return { jkt, header, claims: payload };
  }
}

/** §4.3 step 9: compare without query and fragment, after RFC 3986 §6.2.2–3 normalisation (WHATWG URL). */
function sameHtu(claimed: string, actual: string): boolean {
  try {
    return htuOf(claimed) === htuOf(actual);
  } catch {
    return false;
  }
}
