/** RFC 9728 §3.1: the well-known URI is inserted between the resource identifier's host and its path. */
export const PROTECTED_RESOURCE_WELL_KNOWN = '/.well-known/oauth-protected-resource';

/** The metadata URL of a resource identifier (no query, no fragment: RFC 9728 §1.2). */
export function resourceMetadataUrl(resource: string): string {
  const url = new URL(resource);
  const path = url.pathname === '/' ? '' : url.pathname;
  return `${url.origin}${PROTECTED_RESOURCE_WELL_KNOWN}${path}`;
}
