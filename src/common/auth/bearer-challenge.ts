/**
 * The one place a Bearer challenge (RFC 6750 §3) is written, for the AS and for every bank, so that new
 * parameters (a DPoP scheme, RFC 9728 resource_metadata) are added once.
 */
export interface BearerChallenge {
  realm: string;
  /** RFC 6750 §3.1: absent when the request carried no credentials at all. */
  error?: 'invalid_request' | 'invalid_token' | 'insufficient_scope';
  description?: string;
  scope?: string;
  /** RFC 9728 §5.1: where the protected resource's metadata is (with or without an error). */
  resourceMetadata?: string;
}

/** RFC 6750 §3: quoted-string values; a double quote or backslash is dropped rather than escaped. */
const quoted = (value: string) => `"${value.replace(/["\\\r\n]/g, '')}"`;

export function bearerChallenge(c: BearerChallenge): string {
  const params: string[] = [`realm=${quoted(c.realm)}`];
  if (c.error) {
    params.push(`error=${quoted(c.error)}`);
    if (c.description) params.push(`error_description=${quoted(c.description)}`);
    if (c.scope) params.push(`scope=${quoted(c.scope)}`);
  }
  if (c.resourceMetadata) params.push(`resource_metadata=${quoted(c.resourceMetadata)}`);
  return `Bearer ${params.join(', ')}`;
}
