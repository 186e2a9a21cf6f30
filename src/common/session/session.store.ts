import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { AppConfig } from '../../config/app-config.js';
import { randomToken, sha256 } from '../crypto/secrets.js';
import { WebSessionsRepository } from './web-sessions.repository.js';
import { SessionRealm, WebSession } from './web-session.js';

export const SESSION_COOKIE = 'steward_sid';
/** An anonymous visitor's form token (double-submit), until a session exists. */
export const CSRF_COOKIE = 'steward_csrf';
const IDLE_MS = 8 * 60 * 60 * 1000;

@Injectable()
export class SessionStore {
  constructor(
    private readonly repo: WebSessionsRepository,
    private readonly config: AppConfig,
  ) {}

  async load(realm: SessionRealm, cookie: unknown, csrfCookie?: unknown): Promise<WebSession> {
    if (typeof cookie === 'string' && cookie.length >= 32 && cookie.length <= 128) {
      const row = await this.repo.live(sha256(cookie), realm.name);
      if (row) {
        return new WebSession(realm, cookie, JSON.parse(row.data) as Record<string, unknown>, row.data);
      }
    }
    const csrf = typeof csrfCookie === 'string' && /^[A-Za-z0-9_-]{32,128}$/.test(csrfCookie) ? csrfCookie : undefined;
    return new WebSession(realm, undefined, {}, '{}', csrf);
  }

  async commit(session: WebSession, res: Response): Promise<void> {
    const { realm } = session;
    if (session.destroyRequested || session.regenerateRequested) {
      if (session.id) await this.repo.remove(sha256(session.id), realm.name);
    }
    if (session.destroyRequested) {
      if (session.id) res.clearCookie(SESSION_COOKIE, this.cookieOptions(realm));
      if (session.csrfCookie) res.clearCookie(CSRF_COOKIE, this.cookieOptions(realm));
      return;
    }
    const isNew = !session.id || session.regenerateRequested;
    // Nothing to keep: no row. An anonymous visitor's form token travels in its own cookie.
    if (isNew && Object.keys(session.data).length === 0) {
      if (session.issuedCsrfCookie && !session.regenerateRequested) res.cookie(CSRF_COOKIE, session.issuedCsrfCookie, this.cookieOptions(realm));
      return;
    }
    if (isNew && !session.regenerateRequested) {
      // A session is born: the forms already shown keep working, with the token now kept in it.
      const token = session.issuedCsrfCookie ?? session.csrfCookie;
      if (token && session.get('_csrf') === undefined) session.set('_csrf', token);
    }
    const json = JSON.stringify(session.data);
    if (!isNew && json === session.loadedJson) return;
    const id = isNew ? randomToken() : (session.id as string);
    await this.repo.put({ idHash: sha256(id), realm: realm.name, data: json, expiresAt: Date.now() + IDLE_MS });
    if (isNew) res.cookie(SESSION_COOKIE, id, { ...this.cookieOptions(realm), maxAge: IDLE_MS });
    if (isNew && session.csrfCookie) res.clearCookie(CSRF_COOKIE, this.cookieOptions(realm));
  }

  private cookieOptions(realm: SessionRealm) {
    return { path: realm.path, httpOnly: true, sameSite: 'lax' as const, secure: this.config.secureCookies };
  }
}
