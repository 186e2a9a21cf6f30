import { describe, expect, it } from '@jest/globals';
import { BANKS, extraBanks } from '../banks/bank-directory.js';
import { AppConfig } from './app-config.js';
import { startupBanner } from './startup-banner.js';

describe('the start-up line', () => {
  it('says where to open the browser and where each party answers', () => {
    const text = startupBanner(new AppConfig({ PUBLIC_URL: 'http://localhost:4100' }), BANKS);
    expect(text).toContain('open http://localhost:4100 in your browser');
    expect(text).toMatch(/AS \(issuer\)\s+http:\/\/localhost:4100\/as\n/);
    expect(text).toMatch(/Bank of Astoria\s+http:\/\/localhost:4100\/banks\/astoria\n/);
    expect(text).toMatch(/Grapher \(the app\)\s+http:\/\/localhost:4100\/grapher\n/);
    expect(text).toContain('http://localhost:4100/demo');
    expect(text).toContain('http://localhost:4100/api/docs/');
    expect(text).toContain('TRUSTED_LOCAL_ORIGINS');
  });

  it('leaves out the tour when DEMO=off and sums up many banks in one line', () => {
    const text = startupBanner(new AppConfig({ DEMO: 'off' }), [...BANKS, ...extraBanks(40)]);
    expect(text).not.toContain('/demo');
    expect(text).toContain('… and 38 more banks');
    expect(text.split('\n').length).toBeLessThan(15);
  });
});
