import { Injectable } from '@nestjs/common';
import { PageError } from '../errors/page.errors.js';
import { OutboundError } from '../http/http-client.js';
import { DbLock } from '../../database/database.module.js';
import type { AsMetadata, RegisteredClient } from './as-metadata.js';
import type { ClientKeys } from './client-keys.js';
import { AsProtocolError, InvalidIssuerInputError, OAuthClientService } from './oauth-client.service.js';

/** A client's standing at one AS: where it is (RFC 8414 metadata) and who the client is there (RFC 7591). */
export interface AsPartner {
  issuer: string;
  meta: AsMetadata;
  client: RegisteredClient;
}

/** Where a party keeps its registrations: one per AS (and per bank, for the banks). The party's own table. */
export interface ClientRegistrations {
  /** undefined when none is kept, or the kept one can no longer be used (its secret no longer opens). */
  find(issuer: string): Promise<RegisteredClient | undefined>;
  keep(issuer: string, client: RegisteredClient): Promise<void>;
  forget(issuer: string): Promise<void>;
}

export interface MeetingTerms {
  /** Names the lock, so that each registering party registers once even when instances meet an AS together. */
  lockName: string;
  registrations: ClientRegistrations;
  /** The RFC 7591 §2 client metadata to register with. */
  registration: Record<string, unknown>;
  /** Refuse an AS that does not send iss in authorization responses (RFC 9207): for clients running the code flow. */
  requireIssParameter?: boolean;
  /** The client's own keys, when it registers with them (private_key_jwt and DPoP, see client-keys.ts). */
  keys?: ClientKeys;
}

/**
 * Meeting an AS the person chose, the one way the banks and Grapher both do it: resolve what was typed
 * (an issuer URL, or acct: via WebFinger), read the metadata (RFC 8414), and register the first time
 * (RFC 7591) under a database lock, so that two instances meeting one AS at once register once.
 */
@Injectable()
export class AsMeeting {
  constructor(
    private readonly oauth: OAuthClientService,
    private readonly lock: DbLock,
  ) {}

  meet(issuerInput: string, terms: (issuer: string, meta: AsMetadata) => MeetingTerms): Promise<AsPartner> {
    return readable(async () => {
      const issuer = await this.oauth.resolveIssuer(issuerInput);
      const meta = await this.oauth.metadata(issuer);
      const { lockName, registrations, registration, requireIssParameter, keys } = terms(issuer, meta);
      if (requireIssParameter && meta.authorization_response_iss_parameter_supported !== true) {
        throw new AsProtocolError(`${issuer} does not send iss in authorization responses (RFC 9207); the client will not risk a mix-up`);
      }
      return this.lock.withLock(lockName, async () => {
        const known = await registrations.find(issuer);
        if (known) return { issuer, meta, client: known };
        await registrations.forget(issuer);
        const client = { ...(await this.oauth.register(meta, registration)), ...(keys ? { keys } : {}) };
        await registrations.keep(issuer, client);
        return { issuer, meta, client };
      });
    });
  }

  /** The metadata of an issuer already met (cached for minutes), with the client kept for it; undefined if none. */
  async known(issuer: string, registrations: ClientRegistrations): Promise<AsPartner | undefined> {
    const client = await registrations.find(issuer);
    return client && { issuer, meta: await this.oauth.metadata(issuer), client };
  }
}

/** Outbound failures become a readable page for the person. */
export async function readable<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof InvalidIssuerInputError) throw new PageError(400, 'Not an authorization server address', err.message);
    if (err instanceof AsProtocolError || err instanceof OutboundError) throw new PageError(502, 'Your authorization server could not be used', err.message);
    throw err;
  }
}
