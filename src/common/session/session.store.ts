import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Response } from 'express';
import { Repository } from 'typeorm';
import { AppConfig } from '../../config/app-config.js';
import { randomToken, sha256 } from '../crypto/secrets.js';
import { WebSessionEntity } from './web-session.entity.js';
import { SessionRealm, WebSession } from './web-session.js';

export const SESSION_COOKIE = 'steward_sid';
const IDLE_MS = 8 * 60 * 60 * 1000;

@Injectable()
export class SessionStore {
  constructor(
    @InjectRepository(WebSessionEntity) private readonly repo: Repository<WebSessionEntity>,
    private readonly config: AppConfig,
  ) {}

  async load(realm: SessionRealm, cookie: unknown): Promise<WebSession> {
    if (typeof cookie === 'string' && cookie.length >= 32 && cookie.length <= 128) {
      const row = await this.repo.findOneBy({ idHash: sha256(cookie), realm: realm.name });
      if (row && row.expiresAt > Date.now()) {
        return new WebSession(realm, cookie, JSON.parse(row.data) as Record<string, unknown>, row.data);
      }
    }
    return new WebSession(realm, undefined, {}, '{}');
  }

  async commit(session: WebSession, res: Response): Promise<void> {
    const { realm } = session;
    if (session.destroyRequested || session.regenerateRequested) {
      if (session.id) await this.repo.delete({ idHash: sha256(session.id), realm: realm.name });
    }
    if (session.destroyRequested) {
      if (session.id) res.clearCookie(SESSION_COOKIE, this.cookieOptions(realm));
      return;
    }
    const json = JSON.stringify(session.data);
    const isNew = !session.id || session.regenerateRequested;
    if (!isNew && json === session.loadedJson) return;
    if (isNew && json === '{}') return;
    const id = isNew ? randomToken() : (session.id as string);
    await this.repo.save({ idHash: sha256(id), realm: realm.name, data: json, expiresAt: Date.now() + IDLE_MS });
    if (isNew) res.cookie(SESSION_COOKIE, id, { ...this.cookieOptions(realm), maxAge: IDLE_MS });
  }

  private cookieOptions(realm: SessionRealm) {
    return { path: realm.path, httpOnly: true, sameSite: 'lax' as const, secure: this.config.secureCookies };
  }
}
