import { describe, expect, it } from '@jest/globals';
import { redactUrl } from './redact.js';

describe('URLs in the log', () => {
  it('lose the value of every secret parameter, and keep the rest', () => {
    expect(redactUrl('/grapher/callback?code=abc123&state=s3cr3t&iss=http%3A%2F%2Flocalhost%2Fas')).toBe(
      '/grapher/callback?code=[redacted]&state=[redacted]&iss=http%3A%2F%2Flocalhost%2Fas',
    );
    expect(redactUrl('/x?Access_Token=t&client_secret=c&password=p&scope=a')).toBe('/x?Access_Token=[redacted]&client_secret=[redacted]&password=[redacted]&scope=a');
    expect(redactUrl('/as/jwks')).toBe('/as/jwks');
  });
});
