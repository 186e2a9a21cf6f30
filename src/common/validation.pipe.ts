import { ValidationError, ValidationPipe } from '@nestjs/common';
import { InvalidRequestError } from './errors/oauth.errors.js';

function firstMessage(errors: ValidationError[]): string {
  for (const e of errors) {
    const msg = Object.values(e.constraints ?? {})[0];
    if (msg) return msg;
    const nested = firstMessage(e.children ?? []);
    if (nested) return nested;
  }
  return 'malformed request';
}

/**
 * Bad input becomes invalid_request (RFC 6749 §5.2). Unknown parameters are dropped, not refused:
 * RFC 6749 §3.1 and §3.2 say the server MUST ignore unrecognized request parameters.
 */
export const stewardValidationPipe = () =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: false,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new InvalidRequestError(firstMessage(errors)),
  });
