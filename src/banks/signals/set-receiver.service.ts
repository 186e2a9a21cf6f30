import { Injectable, Logger } from '@nestjs/common';
import { decodeJws, verifyJws } from '../../common/jose/jws.js';
import { OutboundError } from '../../common/http/http-client.js';
import { SetDeliveryError } from '../../common/errors/set-delivery.errors.js';
import { AsProtocolError } from '../../common/oauth-client/oauth-client.service.js';
import { AppConfig } from '../../config/app-config.js';
import type { Bank } from '../bank-directory.js';
import { BankAsClientsRepository } from '../storage/bank-as-clients.repository.js';
import { BankDelegationsRepository } from '../storage/bank-delegations.repository.js';
import { BankRevokedGrantsRepository } from '../storage/bank-revoked-grants.repository.js';
import { AsKeysService } from '../token/as-keys.service.js';
import { BankTokenVerifier } from '../token/bank-token.verifier.js';
import { GRANT_RESOURCE_REMOVED, grantAccountKey, RESOURCE_DELETED, SESSION_REVOKED } from './event-types.js';


/** What a verified SET asked of this bank, for the log and the tests. */
export interface ReceivedEvent {
  type: string;
  subject?: string;
}

/**
 * A bank as an SSF receiver (RFC 8935 §2): a pushed SET is taken only if it parses, is a SET (typ
 * secevent+jwt, RFC 8417 §2.3), comes from an AS this bank is registered at (a transmitter it knows), is
 * signed with a key that AS publishes (its jwks_uri, never a key in the token) and is meant for this bank
 * (aud). Then it acts at once: a revoked grant's tokens are refused from this moment (and dropped from the
 * caches), a removed account is no longer delegated here (its page says so). Re-sends are harmless.
 */
@Injectable()
export class SetReceiverService {
  private readonly log = new Logger('SSF');

  constructor(
    private readonly registrations: BankAsClientsRepository,
    private readonly delegations: BankDelegationsRepository,
    private readonly revoked: BankRevokedGrantsRepository,
    private readonly keys: AsKeysService,
    private readonly verifier: BankTokenVerifier,
    private readonly config: AppConfig,
  ) {}

  async receive(bank: Bank, body: unknown): Promise<ReceivedEvent> {
    if (typeof body !== 'string' || !body) throw new SetDeliveryError('invalid_request', 'the body must be a SET (Content-Type: application/secevent+jwt)');
    const jws = decodeJws(body.trim());
    if (!jws) throw new SetDeliveryError('invalid_request', 'the SET is not a compact JWS');
    const { header, payload: set } = jws;
    const typ = typeof header.typ === 'string' ? header.typ.toLowerCase() : '';
    if (typ !== 'secevent+jwt' && typ !== 'application/secevent+jwt') throw new SetDeliveryError('invalid_request', 'typ must be secevent+jwt');
    if (['jku', 'jwk', 'x5u', 'x5c'].some((h) => h in header)) throw new SetDeliveryError('invalid_key', 'key references in the SET header are not accepted');
    if (header.alg !== 'ES256' || typeof header.kid !== 'string') throw new SetDeliveryError('invalid_key', 'the SET must be ES256 and name its key (kid)');
    const iss = set.iss;
    if (typeof iss !== 'string' || !(await this.registrations.forBank(bank.id).find(iss))) {
      throw new SetDeliveryError('invalid_issuer', 'this bank is not registered at that issuer');
    }
    await this.checkSignature(jws, iss, header.kid);
    const aud = Array.isArray(set.aud) ? set.aud : [set.aud];
    if (!aud.includes(this.config.bankUrl(bank.id))) throw new SetDeliveryError('invalid_audience', 'the SET is meant for another recipient');
    const events = set.events && typeof set.events === 'object' && !Array.isArray(set.events) ? Object.keys(set.events) : [];
    if (typeof set.jti !== 'string' || typeof set.iat !== 'number' || events.length !== 1) {
      throw new SetDeliveryError('invalid_request', 'a SET needs jti, iat and exactly one event (SSF §4.2.1)');
    }
    return this.apply(bank, iss, events[0], set.sub_id, (set.events as Record<string, unknown>)[events[0]]);
  }

  private async checkSignature(jws: NonNullable<ReturnType<typeof decodeJws>>, iss: string, kid: string): Promise<void> {
    let key;
    try {
      key = await this.keys.key(iss, kid);
    } catch (err) {
      if (err instanceof OutboundError || err instanceof AsProtocolError) throw new SetDeliveryError('invalid_key', 'the issuer’s keys could not be fetched');
      throw err;
    }
    if (!key || !verifyJws(jws, 'ES256', key.key)) throw new SetDeliveryError('invalid_key', 'the SET signature does not verify with the issuer’s published keys');
  }

  private async apply(bank: Bank, iss: string, type: string, subId: unknown, event: unknown): Promise<ReceivedEvent> {
    const sub = (subId && typeof subId === 'object' ? subId : {}) as Record<string, unknown>;
    if (type === SESSION_REVOKED) {
      // SSF §3.3 complex subject: the grant is the "session" its bank tokens carry as grant_id.
      const session = (sub.session && typeof sub.session === 'object' ? sub.session : sub) as Record<string, unknown>;
      if (typeof session.id !== 'string') throw new SetDeliveryError('invalid_request', 'session-revoked needs sub_id.session.id (the grant)');
      this.verifier.grantRevoked(bank.id, iss, session.id);
      // Kept for this bank's other instances (and a restart): RevocationSync reads it there.
      await this.revoked.add(bank.id, iss, session.id, Date.now());
      this.log.log(`${bank.id} refuses grant ${session.id} of ${iss} from now on (pushed session-revoked)`);
      return { type, subject: session.id };
    }
    if (type === GRANT_RESOURCE_REMOVED) {
      // Steward's type: the grant (the "session") no longer covers one account here; its other accounts stay open.
      const session = (sub.session && typeof sub.session === 'object' ? sub.session : {}) as Record<string, unknown>;
      const resourceId = event && typeof event === 'object' ? (event as Record<string, unknown>).resource_id : undefined;
      if (typeof session.id !== 'string' || typeof resourceId !== 'string') throw new SetDeliveryError('invalid_request', 'grant-resource-removed needs sub_id.session.id (the grant) and resource_id');
      const key = grantAccountKey(session.id, resourceId);
      if (key.length > 64) throw new SetDeliveryError('invalid_request', 'the grant and resource ids are too long');
      this.verifier.grantRevoked(bank.id, iss, key);
      await this.revoked.add(bank.id, iss, key, Date.now());
      this.log.log(`${bank.id} refuses grant ${session.id} of ${iss} for account ${resourceId} from now on (pushed grant-resource-removed)`);
      return { type, subject: key };
    }
    if (type === RESOURCE_DELETED) {
      if (typeof sub.id !== 'string') throw new SetDeliveryError('invalid_request', 'resource-deleted needs sub_id.id (the resource)');
      // Only this AS's delegation of that registration: another AS (delegated to since) is not touched.
      await this.delegations.forgetRegistration(bank.id, iss, sub.id);
      return { type, subject: sub.id };
    }
    return { type };
  }
}
