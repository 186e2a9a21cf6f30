import { Injectable } from '@nestjs/common';
import { randomToken } from '../../common/crypto/secrets.js';
import { InvalidRequestError, NotFoundError } from '../../common/errors/oauth.errors.js';
import { AsUrls } from '../core/as-urls.js';
import { EVENTS_SUPPORTED, SecurityEventsService } from '../core/security-events.service.js';
import { SetDispatcher } from '../core/set-dispatcher.service.js';
import { NewStream, SsfRepository } from '../storage/ssf.repository.js';
import { AsTransactions } from '../storage/transactions.js';
import type { PatOwner } from '../resource-registration/pat.guard.js';
import type { CreateStreamDto, VerifyStreamDto } from './stream.dto.js';

export class StreamExistsError extends InvalidRequestError {
  override readonly status = 409;
}

/**
 * SSF 1.0 §8.1.1 stream management for the AS as transmitter. A receiver is a bank: a client registered
 * here with a resource_server, authenticated by a PAT (§8: the management API is authenticated and each
 * receiver sees only its own stream). One stream per bank; its SETs' aud is the bank's resource_server,
 * and it is pushed only to a URL under it (no pushing to anywhere a client names).
 */
@Injectable()
export class SsfStreamService {
  constructor(
    private readonly ssf: SsfRepository,
    private readonly transactions: AsTransactions,
    private readonly urls: AsUrls,
    private readonly events: SecurityEventsService,
    private readonly dispatcher: SetDispatcher,
  ) {}

  async create(owner: PatOwner, dto: CreateStreamDto) {
    const endpoint = dto.delivery.endpoint_url;
    if (!endpoint.startsWith(`${owner.resourceServer}/`) || /[#]/.test(endpoint)) {
      throw new InvalidRequestError(`delivery.endpoint_url must be a URL under ${owner.resourceServer}/`);
    }
    const requested = dto.events_requested ?? EVENTS_SUPPORTED;
    const row = {
      id: randomToken(16),
      clientId: owner.clientId,
      audience: owner.resourceServer,
      endpointUrl: endpoint,
      eventsRequested: requested,
      description: dto.description ?? null,
      createdAt: Date.now(),
    };
    // §8.1.1.1: 409 when the receiver already has its (one) stream; the insert is the check, race-free.
    if (!(await this.ssf.insertStream(row))) throw new StreamExistsError('this receiver already has a stream: read it, or delete it first');
    return this.config(row);
  }

  async read(owner: PatOwner, streamId: unknown) {
    const rows = await this.ssf.streamsOfReceiver(owner.clientId);
    if (streamId === undefined) return rows.map((r) => this.config(r));
    const row = rows.find((r) => r.id === streamId);
    if (!row) throw new NotFoundError('no such stream');
    return this.config(row);
  }

  async remove(owner: PatOwner, streamId: unknown): Promise<void> {
    if (typeof streamId !== 'string') throw new InvalidRequestError('stream_id is required');
    if (!(await this.ssf.removeStream(owner.clientId, streamId))) throw new NotFoundError('no such stream');
  }

  /** §8.1.4: the receiver asks for a verification event on its stream; it is pushed like any other. */
  async verify(owner: PatOwner, dto: VerifyStreamDto): Promise<void> {
    const stream = await this.ssf.streamOfReceiver(owner.clientId, dto.stream_id);
    if (!stream) throw new NotFoundError('no such stream');
    await this.transactions.run((tx) => this.events.verification(tx, stream, dto.state));
    this.dispatcher.kick();
  }

  /** §8.1.1: the stream configuration as the transmitter holds it. */
  private config(row: NewStream) {
    return {
      stream_id: row.id,
      iss: this.urls.issuer,
      aud: row.audience,
      delivery: { method: 'urn:ietf:rfc:8935', endpoint_url: row.endpointUrl },
      events_supported: EVENTS_SUPPORTED,
      events_requested: row.eventsRequested,
      events_delivered: row.eventsRequested.filter((e) => EVENTS_SUPPORTED.includes(e)),
      ...(row.description ? { description: row.description } : {}),
    };
  }
}
