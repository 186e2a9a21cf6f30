/** RFC 8935 §2.4 error codes a SET recipient answers with. */
export type SetErrorCode = 'invalid_request' | 'invalid_key' | 'invalid_issuer' | 'invalid_audience' | 'authentication_failed' | 'access_denied';

/**
 * A pushed SET the recipient will not take (RFC 8935 §2.3): 400 with `{"err", "description"}` and a
 * Content-Language, written by AllExceptionsFilter. Not an OAuth error: RFC 8935 has its own shape.
 */
export class SetDeliveryError extends Error {
  readonly status = 400;
  constructor(
    readonly err: SetErrorCode,
    readonly description: string,
  ) {
    super(description);
  }
}
