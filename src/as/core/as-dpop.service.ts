import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DpopNonces } from '../../common/dpop/dpop-nonce.js';
import { DpopExpectations, DpopProofError, DpopVerifier, VerifiedDpopProof } from '../../common/dpop/dpop-verifier.js';
import { InvalidDpopProofError, ResourceChallenge, UseDpopNonceError } from '../../common/errors/oauth.errors.js';
import { ServerSecretsRepository } from '../storage/server-secrets.repository.js';
import { AsUrls } from './as-urls.js';

const NONCE_KEY = 'dpop-nonce';

/**
 * DPoP (RFC 9449) at this AS: proofs at the token endpoint, which also asks for its nonce (§8), at the PAR
 * endpoint (§10.1: the proof binds the code like dpop_jkt), and at Intro (§7.1, a resource of the AS).
 */
@Injectable()
export class AsDpopService {
  private readonly verifier = new DpopVerifier();
  private nonces?: Promise<DpopNonces>;

  constructor(
    private readonly urls: AsUrls,
    private readonly secrets: ServerSecretsRepository,
  ) {}

  /**
   * §8: stateless nonces under one key for every instance (drawn once, kept in the store), so a nonce one
   * instance handed out is good at another behind the same balancer.
   */
  private nonceKeys(): Promise<DpopNonces> {
    this.nonces ??= (async () => {
      const secret = await this.secrets.drawOnce(NONCE_KEY, randomBytes(32).toString('base64url'));
      return new DpopNonces(Buffer.from(secret, 'base64url'));
    })().catch((err: unknown) => {
      this.nonces = undefined;
      throw err;
    });
    return this.nonces;
  }

  /** The nonce to hand out now (§8.2: on every answer to a client that uses DPoP). */
  async nonce(): Promise<string> {
    return (await this.nonceKeys()).current();
  }

  /** §5: the proof of a token request, when there is one (undefined: no DPoP header); its key's thumbprint. */
  async atTokenEndpoint(header: unknown): Promise<string | undefined> {
    if (header === undefined) return undefined;
    const nonces = await this.nonceKeys();
    return this.check(header, { htm: 'POST', htu: this.urls.token, nonces }, nonces).jkt;
  }

  /** §10.1: a DPoP header on the PAR request binds the code to its key. */
  atPar(header: unknown): string | undefined {
    if (header === undefined) return undefined;
    return this.check(header, { htm: 'POST', htu: this.urls.par }).jkt;
  }

  /** §7.1: a request to a resource of the AS (Intro) with a DPoP-bound token: the proof, for this token and key. */
  atResource(header: unknown, expect: DpopExpectations, realm: ResourceChallenge): VerifiedDpopProof {
    try {
      return this.verifier.verify(header, expect);
    } catch (err) {
      if (err instanceof DpopProofError) throw new InvalidDpopProofError(err.reason, realm);
      throw err;
    }
  }

  private check(header: unknown, expect: DpopExpectations, nonces?: DpopNonces): VerifiedDpopProof {
    try {
      return this.verifier.verify(header, expect);
    } catch (err) {
      if (!(err instanceof DpopProofError)) throw err;
      if (err.code === 'use_dpop_nonce' && nonces) throw new UseDpopNonceError(err.reason, nonces.current());
      throw new InvalidDpopProofError(err.reason);
    }
  }
}
