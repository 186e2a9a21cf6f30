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
