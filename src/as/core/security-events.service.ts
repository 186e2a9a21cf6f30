import { Injectable } from '@nestjs/common';
import { randomToken } from '../../common/crypto/secrets.js';
import { SsfStreamEntity } from '../entities/ssf-stream.entity.js';
import { SsfRepository } from '../storage/ssf.repository.js';
import type { Tx } from '../storage/transactions.js';
import { AsUrls } from './as-urls.js';
import { SigningKeyService } from './signing-key.service.js';

/** CAEP 1.0 §3.1: the session (here: an app's grant, the "session" its bank tokens hang from) was revoked. */
export const SESSION_REVOKED = 'https://schemas.openid.net/secevent/caep/event-type/session-revoked';
/**
 * Steward's own event type (no SSF or CAEP type says "this resource is no longer registered"): the account,
 * subject `{format: "opaque", id: <resource _id>}`, was removed at the AS (by the person, or by the bank's
 * UMA DELETE); the receiver stops trusting this AS for it. Payload: `event_timestamp`, `initiating_entity`.
 */
export const RESOURCE_DELETED = 'urn:steward:secevent:event-type:resource-deleted';
/**
 * Steward's own event type (no SSF or CAEP type says "this session no longer covers this resource"): the
 * grant, subject as in session-revoked, no longer holds the account `resource_id` (a Grant Management
 * replace took it out) while it still holds others at the same bank. The receiver refuses the grant's tokens
 * for that account only. Payload: `event_timestamp`, `initiating_entity`, `resource_id`.
 */
export const GRANT_RESOURCE_REMOVED = 'urn:steward:secevent:event-type:grant-resource-removed';
/** SSF 1.0 §8.1.4: the verification event (announced; not requested by Steward's banks). */
export const VERIFICATION = 'https://schemas.openid.net/secevent/ssf/event-type/verification';
export const EVENTS_SUPPORTED = [SESSION_REVOKED, RESOURCE_DELETED, GRANT_RESOURCE_REMOVED];

/** CAEP §2 `initiating_entity`: who ended it. */
export type Initiator = 'user' | 'policy' | 'system' | 'admin';

/**
 * The AS as an SSF transmitter: each change a bank must hear about becomes one signed SET (RFC 8417, SSF
 * §4: typ secevent+jwt, no sub, no exp, one event, the subject in sub_id) per stream concerned, written to
 * the outbox with the caller's transaction. SetDispatcher pushes them once the transaction has committed.
 */
@Injectable()
export class SecurityEventsService {
  constructor(
    private readonly keys: SigningKeyService,
    private readonly urls: AsUrls,
    private readonly ssf: SsfRepository,
  ) {}

  /** A grant ended: every bank holding one of its accounts (`bankClientIds`) hears `session-revoked` for the grant id. */
  grantEnded(em: Tx, grantId: string, bankClientIds: string[], initiator: Initiator, reason: string): Promise<number> {
    return this.sessionRevoked(em, grantId, bankClientIds, initiator, reason);
  }

  /**
   * Grant Management §5.2 replace (and its §11 advice to stop tokens out of band): a bank that held accounts
   * of the grant and holds none now hears `session-revoked` for the grant, as if it had ended there; a bank
   * that keeps some (`keptBankClientIds`) hears `grant-resource-removed` for each account taken out (`removed`,
   * each with the bank that registered it).
   */
  async grantNarrowed(em: Tx, grantId: string, removed: { id: string; clientId: string }[], keptBankClientIds: string[], reason: string): Promise<number> {
    const kept = new Set(keptBankClientIds);
    let queued = await this.sessionRevoked(em, grantId, [...new Set(removed.map((r) => r.clientId))].filter((b) => !kept.has(b)), 'user', reason);
    const subId = { format: 'complex', session: { format: 'opaque', id: grantId } };
    for (const r of removed.filter((x) => kept.has(x.clientId))) {
      const event = { event_timestamp: Math.floor(Date.now() / 1000), initiating_entity: 'user', resource_id: r.id };
      queued += await this.enqueue(em, await this.streamsOf(em, [r.clientId]), GRANT_RESOURCE_REMOVED, subId, event, grantId);
    }
    return queued;
  }

  private async sessionRevoked(em: Tx, grantId: string, bankClientIds: string[], initiator: Initiator, reason: string): Promise<number> {
    if (!bankClientIds.length) return 0;
    const streams = await this.streamsOf(em, bankClientIds);
    const event = { event_timestamp: Math.floor(Date.now() / 1000), initiating_entity: initiator, reason_admin: { en: reason } };
    // SSF §3.3 complex subject: the session member names the grant whose tokens must stop.
    const subId = { format: 'complex', session: { format: 'opaque', id: grantId } };
    return this.enqueue(em, streams, SESSION_REVOKED, subId, event, grantId);
  }

  /** An account was removed at the AS: its bank hears `resource-deleted` for the resource id. */
  async resourceDeleted(em: Tx, resource: { id: string; clientId: string }, initiator: Initiator): Promise<number> {
    const streams = await this.streamsOf(em, [resource.clientId]);
    const event = { event_timestamp: Math.floor(Date.now() / 1000), initiating_entity: initiator };
    return this.enqueue(em, streams, RESOURCE_DELETED, { format: 'opaque', id: resource.id }, event, resource.id);
  }

  /** SSF §8.1.4: the verification event the receiver asked for, always delivered, `state` echoed. */
  async verification(em: Tx, stream: SsfStreamEntity, state: string | undefined): Promise<number> {
    return this.enqueue(em, [stream], VERIFICATION, { format: 'opaque', id: stream.id }, state === undefined ? {} : { state }, stream.id, true);
  }

  private async streamsOf(em: Tx, clientIds: string[]): Promise<SsfStreamEntity[]> {
    return this.ssf.streamsOf(clientIds, em);
  }

  private async enqueue(em: Tx, streams: SsfStreamEntity[], type: string, subId: object, event: object, txn: string, always = false): Promise<number> {
    const wanted = always ? streams : streams.filter((s) => s.eventsRequested.includes(type));
    if (!wanted.length) return 0;
    const now = Date.now();
    const rows = wanted.map((stream) => {
      const jti = randomToken(16);
      const set = { iss: this.urls.issuer, aud: stream.audience, iat: Math.floor(now / 1000), jti, txn, sub_id: subId, events: { [type]: event } };
      return { id: jti, streamId: stream.id, eventType: type, jwt: this.keys.sign(set, 'secevent+jwt'), attempts: 0, nextAttemptAt: now, lastError: null, createdAt: now };
    });
    await this.ssf.enqueue(rows, em);
    return rows.length;
  }
}
