import { PageError } from '../../../common/errors/page.errors.js';
import { ClientService } from '../../core/client.service.js';
import { CheckContext } from '../authorization-request.js';

/** RFC 6749 §4.1.2.1: an unknown client is reported to the person, never by redirect. */
export async function checkClient(ctx: CheckContext, clients: ClientService): Promise<void> {
  const clientId = ctx.query.client_id;
  if (typeof clientId !== 'string' || clientId === '') {
    throw new PageError(400, 'Invalid request', 'The app that sent you here did not say who it is (client_id is missing or repeated).');
  }
  const client = await clients.find(clientId);
  if (!client) throw new PageError(400, 'Unknown app', 'The app that sent you here is not registered at this authorization server.');
  ctx.client = client;
}
