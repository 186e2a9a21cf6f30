import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { loadOrCreateKeyFile, parseKey, SecretBox } from '../common/crypto/secret-box.js';
import { AppConfig } from '../config/app-config.js';

export const KEY_FILE_NAME = 'grapher-secret.key';

/** Where Grapher's key comes from: GRAPHER_SECRET_KEY, else a 0600 file beside the database, else (in-memory database) a key of this process. */
export function grapherKey(dbPath: string, env: Record<string, string | undefined> = process.env): { key: Buffer; source: string } {
  const fromEnv = env.GRAPHER_SECRET_KEY;
  if (fromEnv) return { key: parseKey(fromEnv, 'GRAPHER_SECRET_KEY'), source: 'GRAPHER_SECRET_KEY' };
  if (dbPath === ':memory:') return { key: randomBytes(32), source: 'memory' };
  const file = join(dirname(dbPath), KEY_FILE_NAME);
  return { key: loadOrCreateKeyFile(file), source: file };
}

/**
 * Seals what Grapher must keep and present later — its refresh and access tokens and its client
 * secrets — with AES-256-GCM, each bound to its row and column.
 */
@Injectable()
export class TokenVault {
  private readonly box: SecretBox;
  readonly keySource: string;

  constructor(config: AppConfig) {
    const { key, source } = grapherKey(config.dbPath, { GRAPHER_SECRET_KEY: config.grapherSecretKey });
    this.box = new SecretBox(key);
    this.keySource = source;
  }

  seal(value: string, context: string): string {
    return this.box.seal(value, context);
  }

  open(sealed: string, context: string): string {
    return this.box.open(sealed, context);
  }
}
