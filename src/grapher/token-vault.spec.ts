import { describe, expect, it } from '@jest/globals';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateKeyFile, parseKey, SecretBox, SecretBoxError } from '../common/crypto/secret-box.js';
import { grapherKey, KEY_FILE_NAME } from './token-vault.service.js';

const KEY = Buffer.alloc(32, 7);

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'grapher-key-'));
}

describe('SecretBox: AES-256-GCM for what Grapher must keep', () => {
  const box = new SecretBox(KEY);

  it('opens what it sealed, and never shows the plaintext in the sealed form', () => {
    const sealed = box.seal('refresh-token-value', 'grapher_connections/abc/refresh_token');
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('refresh-token-value');
    expect(box.open(sealed, 'grapher_connections/abc/refresh_token')).toBe('refresh-token-value');
  });

  it('seals the same value differently each time (a fresh nonce)', () => {
    expect(box.seal('same', 'c')).not.toBe(box.seal('same', 'c'));
  });

  it('does not open under another context: a value copied to another row or column is refused', () => {
    const sealed = box.seal('secret', 'grapher_connections/abc/refresh_token');
    expect(() => box.open(sealed, 'grapher_connections/xyz/refresh_token')).toThrow(SecretBoxError);
    expect(() => box.open(sealed, 'grapher_connections/abc/access_token')).toThrow(SecretBoxError);
  });

  it('refuses a tampered value and another key', () => {
    const sealed = box.seal('secret', 'c');
    const [v, iv, body] = sealed.split('.');
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] ^= 1;
    expect(() => box.open(`${v}.${iv}.${flipped.toString('base64url')}`, 'c')).toThrow(SecretBoxError);
    expect(() => new SecretBox(Buffer.alloc(32, 8)).open(sealed, 'c')).toThrow(SecretBoxError);
    expect(() => box.open('plaintext-token', 'c')).toThrow('not a sealed value');
  });

  it('takes only a 256-bit key', () => {
    expect(() => new SecretBox(Buffer.alloc(16))).toThrow(SecretBoxError);
  });
});

describe('the key: from GRAPHER_SECRET_KEY, else a 0600 file beside the database', () => {
  it('reads 64 hex digits or 43 base64url characters, and says what is wrong otherwise', () => {
    expect(parseKey('07'.repeat(32), 'K')).toEqual(KEY);
    expect(parseKey(KEY.toString('base64url'), 'K')).toEqual(KEY);
    expect(() => parseKey('too-short', 'GRAPHER_SECRET_KEY')).toThrow(/GRAPHER_SECRET_KEY must hold a 256-bit key/);
  });

  it('prefers GRAPHER_SECRET_KEY and then writes no file', () => {
    const dir = tempDir();
    try {
      const { key, source } = grapherKey(join(dir, 'steward.sqlite'), { GRAPHER_SECRET_KEY: '07'.repeat(32) });
      expect(key).toEqual(KEY);
      expect(source).toBe('GRAPHER_SECRET_KEY');
      expect(existsSync(join(dir, KEY_FILE_NAME))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('creates the key file once, readable by its owner only, and reads the same key after a restart', () => {
    const dir = tempDir();
    try {
      const first = grapherKey(join(dir, 'steward.sqlite'), {});
      const file = join(dir, KEY_FILE_NAME);
      expect(first.source).toBe(file);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
      const again = grapherKey(join(dir, 'steward.sqlite'), {});
      expect(again.key).toEqual(first.key);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a key file that other users can read', () => {
    const dir = tempDir();
    try {
      const file = join(dir, KEY_FILE_NAME);
      writeFileSync(file, '07'.repeat(32));
      chmodSync(file, 0o644);
      expect(() => loadOrCreateKeyFile(file)).toThrow(/can be read by other users/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('uses a key of the process for an in-memory database (nothing outlives it)', () => {
    const a = grapherKey(':memory:', {});
    const b = grapherKey(':memory:', {});
    expect(a.source).toBe('memory');
    expect(a.key).not.toEqual(b.key);
  });
});
