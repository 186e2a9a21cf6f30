import { AppConfig, ConfigError } from './app-config.js';

describe('Configuration validated at boot', () => {
  it('defaults: port 3000, PUBLIC_URL from the port, a SQLite file under ./data', () => {
    const c = new AppConfig({});
    expect(c.port).toBe(3000);
    expect(c.publicUrl).toBe('http://localhost:3000');
    expect(c.dbPath).toBe('./data/steward.sqlite');
    expect(c.asIssuer).toBe('http://localhost:3000/as');
    expect(c.bankUrl('norma')).toBe('http://localhost:3000/banks/norma');
  });

  it('PUBLIC_URL follows PORT when unset, and loses a trailing slash when set', () => {
    expect(new AppConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(new AppConfig({ PUBLIC_URL: 'https://steward.example/' }).publicUrl).toBe('https://steward.example');
    expect(new AppConfig({ PUBLIC_URL: 'https://steward.example/' }).secureCookies).toBe(true);
  });

  it('accepts :memory: as DB_PATH', () => {
    expect(new AppConfig({ DB_PATH: ':memory:' }).dbPath).toBe(':memory:');
  });

  it.each([
    ['PORT=abc', { PORT: 'abc' }, /PORT must be an integer/],
    ['PORT=70000', { PORT: '70000' }, /PORT/],
    ['PUBLIC_URL=not a url', { PUBLIC_URL: 'not a url' }, /PUBLIC_URL must be an absolute http\(s\) URL/],
    ['PUBLIC_URL=ftp://x', { PUBLIC_URL: 'ftp://steward.example' }, /PUBLIC_URL/],
    ['PUBLIC_URL with a query', { PUBLIC_URL: 'https://steward.example/?a=1' }, /no query or fragment/],
  ])('refuses %s with a clear message', (_what, env, message) => {
    expect(() => new AppConfig(env)).toThrow(ConfigError);
    expect(() => new AppConfig(env)).toThrow(message);
  });
});

describe('One party per process, and the settings for operators', () => {
  it('serves all three parties by default, each under PUBLIC_URL', () => {
    const c = new AppConfig({ PUBLIC_URL: 'https://steward.example' });
    expect([...c.parties]).toEqual(['as', 'banks', 'grapher']);
    expect(c.asIssuer).toBe('https://steward.example/as');
    expect(c.grapherUrl).toBe('https://steward.example/grapher');
    expect(c.demo).toBe(true);
  });

  it('PARTIES picks the parties; AS_URL, BANKS_URL and GRAPHER_URL say where each one is reached', () => {
    const c = new AppConfig({ PARTIES: 'banks', PUBLIC_URL: 'http://127.0.0.1:4002', AS_URL: 'http://127.0.0.1:4001/', GRAPHER_URL: 'http://127.0.0.1:4003' });
    expect([...c.parties]).toEqual(['banks']);
    expect(c.asIssuer).toBe('http://127.0.0.1:4001/as');
    expect(c.bankUrl('norma')).toBe('http://127.0.0.1:4002/banks/norma');
    expect(c.grapherUrl).toBe('http://127.0.0.1:4003/grapher');
    // acct: URIs name the AS's host, where WebFinger answers.
    expect(c.publicHost).toBe('127.0.0.1:4001');
    // Every party's origin may be called on loopback and counts as this deployment's own.
    expect([...c.trustedLocalOrigins].sort()).toEqual(['http://127.0.0.1:4001', 'http://127.0.0.1:4002', 'http://127.0.0.1:4003']);
    expect(c.isDeploymentUrl('http://127.0.0.1:4003/grapher/callback')).toBe(true);
    expect(c.isDeploymentUrl('http://127.0.0.1:4004/')).toBe(false);
    // The tour needs the whole story in this process.
    expect(c.demo).toBe(false);
  });

  it('ACCESS_TOKEN_TTL_SECONDS defaults to 900, ACTIVITY_RETENTION_DAYS to 90', () => {
    expect(new AppConfig({}).accessTokenTtlSeconds).toBe(900);
    expect(new AppConfig({ ACCESS_TOKEN_TTL_SECONDS: '2' }).accessTokenTtlSeconds).toBe(2);
    expect(new AppConfig({}).activityRetentionDays).toBe(90);
  });

  it('TRUST_PROXY: none by default, a hop count, or addresses and CIDRs', () => {
    expect(new AppConfig({}).trustProxy).toBe(false);
    expect(new AppConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(new AppConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,::1' }).trustProxy).toEqual(['loopback', '10.0.0.0/8', '::1']);
  });

  it.each([
    ['PARTIES=bank', { PARTIES: 'bank' }, /PARTIES must be a comma list of as, banks, grapher/],
    ['PARTIES=,', { PARTIES: ',' }, /PARTIES/],
    ['AS_URL=not a url', { AS_URL: 'not a url' }, /AS_URL must be an absolute http\(s\) URL/],
    ['GRAPHER_URL with a fragment', { GRAPHER_URL: 'https://g.example/#x' }, /GRAPHER_URL must have no query or fragment/],
    ['ACCESS_TOKEN_TTL_SECONDS=0', { ACCESS_TOKEN_TTL_SECONDS: '0' }, /ACCESS_TOKEN_TTL_SECONDS must be at least 1/],
    ['ACTIVITY_RETENTION_DAYS=x', { ACTIVITY_RETENTION_DAYS: 'x' }, /ACTIVITY_RETENTION_DAYS must be an integer/],
    ['TRUST_PROXY=true', { TRUST_PROXY: 'true' }, /TRUST_PROXY=true would trust any X-Forwarded-For/],
    ['TRUST_PROXY=10.0.0.0/33', { TRUST_PROXY: '10.0.0.0/33' }, /TRUST_PROXY must be off, a hop count/],
    ['TRUST_PROXY=proxy.example', { TRUST_PROXY: 'proxy.example' }, /got "proxy.example"/],
  ])('refuses %s with a clear message', (_what, env, message) => {
    expect(() => new AppConfig(env)).toThrow(ConfigError);
    expect(() => new AppConfig(env)).toThrow(message);
  });
});
