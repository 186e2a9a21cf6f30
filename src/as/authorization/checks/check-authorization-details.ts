import { InvalidAuthorizationDetailsError } from '../../../common/errors/oauth.errors.js';
import { ACCOUNT_INFORMATION, ACTION_SCOPES, AccountInformationDetail, DATATYPES } from '../../core/authorization-details.js';
import { CheckContext } from '../authorization-request.js';
import { singleValue } from './single-value.js';

const FIELDS = new Set(['type', 'actions', 'locations', 'datatypes']);
const MAX_DETAILS = 10;
const MAX_ITEMS = 50;

function stringList(value: unknown, field: string, allowed?: readonly string[]): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_ITEMS || !value.every((v) => typeof v === 'string' && v.length > 0 && v.length <= 2048)) {
    throw new InvalidAuthorizationDetailsError(`${field} must be a non-empty list of strings`);
  }
  const unknown = allowed ? value.filter((v) => !allowed.includes(v)) : [];
  if (unknown.length) throw new InvalidAuthorizationDetailsError(`${field}: unknown value ${unknown.join(', ')}`);
  return [...new Set(value as string[])];
}

function location(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidAuthorizationDetailsError('each location must be an absolute URL (a bank’s resource identifier)');
  }
  if (!['https:', 'http:'].includes(url.protocol) || url.hash || url.search) throw new InvalidAuthorizationDetailsError('each location must be an http(s) URL with no query or fragment');
  return value;
}

/**
 * RFC 9396 §2 and §5: `authorization_details`, a JSON array of objects, each with a `type` this AS
 * supports (§10: account_information) and only the fields that type defines, with valid values; anything
 * else is invalid_authorization_details. Absent: a scope-only request, as before.
 */
export function checkAuthorizationDetails(ctx: CheckContext): void {
  const raw = singleValue(ctx.query, 'authorization_details');
  if (raw === undefined) return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new InvalidAuthorizationDetailsError('authorization_details must be a JSON array');
  }
  if (!Array.isArray(parsed) || parsed.length === 0 || parsed.length > MAX_DETAILS) throw new InvalidAuthorizationDetailsError(`authorization_details must be a JSON array of 1 to ${MAX_DETAILS} objects`);
  ctx.authorizationDetails = parsed.map((d): AccountInformationDetail => {
    if (!d || typeof d !== 'object' || Array.isArray(d)) throw new InvalidAuthorizationDetailsError('each authorization detail must be an object');
    const detail = d as Record<string, unknown>;
    if (typeof detail.type !== 'string') throw new InvalidAuthorizationDetailsError('each authorization detail needs a type');
    if (detail.type !== ACCOUNT_INFORMATION) throw new InvalidAuthorizationDetailsError(`unknown authorization details type ${detail.type}`);
    const unknown = Object.keys(detail).filter((k) => !FIELDS.has(k));
    if (unknown.length) throw new InvalidAuthorizationDetailsError(`account_information has no field ${unknown.join(', ')}`);
    const actions = stringList(detail.actions, 'actions', Object.keys(ACTION_SCOPES));
    if (!actions) throw new InvalidAuthorizationDetailsError('account_information needs actions');
    const locations = stringList(detail.locations, 'locations')?.map(location);
    const datatypes = stringList(detail.datatypes, 'datatypes', DATATYPES);
    return { type: ACCOUNT_INFORMATION, actions, ...(locations ? { locations } : {}), ...(datatypes ? { datatypes } : {}) };
  });
}
