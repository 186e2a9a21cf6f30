import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { RunningApp, startApp } from '../support/app.js';

/**
 * The guided tour in headless Chromium: play mode runs the whole story while the live trace fills in
 * with each step's parties and status, a decoded JWT shows its aud, every break-it scenario shows its
 * failure, and screenshots are saved in test/browser/screenshots/ (ignored by git).
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = join(import.meta.dirname, 'screenshots');
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('Guided tour and live trace in a browser', () => {
  let run: RunningApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    run = await startApp({ DEMO_PLAY_DELAY_MS: '20' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
    page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
    await page.goto(`${run.baseUrl}/demo`);
  });
  afterAll(async () => {
    await browser?.close();
    await run?.close();
  });

  it('the tour shows the four phases with the seed step numbers', async () => {
    for (const phase of ['Phase 1 · Resource Registration', 'Phase 2 · Authorization', 'Phase 3 · Get Data', 'Phase 4 · Service Provision']) {
      expect(await page.getByRole('heading', { name: phase }).isVisible()).toBe(true);
    }
    expect(await page.locator('.steps .seed', { hasText: '[16]–[19]' }).isVisible()).toBe(true);
  });

  it('Play runs the whole story; each step lands in the trace with its parties and status', async () => {
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await page.locator('#tour-status', { hasText: 'The story is complete.' }).waitFor({ timeout: 90_000 });
    await page.waitForFunction(() => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll('details.ex[data-phase="4"]').length > 0, undefined, { timeout: 10_000 });
    const rows = await page.locator('details.ex > summary').allInnerTexts();
    const has = (re: RegExp) => expect(rows.some((r) => re.test(r.replace(/\s+/g, ' ')))).toBe(true);
    has(/Norma registers at the AS \(RFC 7591\).*Norma → AS.*POST \/as\/register 201/);
    has(/The bank registers an account at the AS \(UMA\).*Astoria → AS.*POST \/as\/uma\/resource_set 201/);
    has(/\[5\].*Person's browser → AS.*GET \/as\/authorize/);
    has(/\[8\]–\[9\].*Allow.*POST \/as\/consent\/.* 303/);
    has(/\[10\]–\[11\].*Person's browser → Grapher.*GET \/grapher\/callback/);
    has(/\[12\].*→ AS.*POST \/as\/token 200/);
    has(/\[13\]–\[15\].*Grapher → Intro.*GET \/as\/intro 200/);
    for (const bank of ['Norma', 'Lastish', 'Monami', 'Astoria']) has(new RegExp(`\\[16\\]–\\[19\\].*Grapher → ${bank}.*GET /banks/.*200`));
    has(/\[20\]–\[22\].*Person's browser → Grapher.*GET \/grapher\/picture 200/);
    expect(await page.locator('.steps li.done').count()).toBeGreaterThan(10);
    await page.screenshot({ path: join(SHOTS, 'demo-tour.png'), fullPage: false });
  });

  it('the Intro exchange shows each bank token decoded, with its aud, verified against the JWKS', async () => {
    const intro = page.locator('details.ex', { hasText: 'GET /as/intro' }).first();
    await intro.locator('summary').click();
    const jwt = intro.locator('.jwt').first();
    await jwt.waitFor({ state: 'visible' });
    expect(await jwt.locator('h4').innerText()).toContain('verified with the AS JWKS');
    expect(await jwt.locator('tr', { hasText: 'audience' }).innerText()).toContain(`${run.baseUrl}/banks/`);
    expect(await intro.locator('.body').innerText()).not.toMatch(/"access_token": "eyJ[\w-]{20,}/);
    await intro.screenshot({ path: join(SHOTS, 'demo-intro.png') });
  });

  it('the sequence diagram draws the latest exchanges, the current one highlighted', async () => {
    expect(await page.locator('#diagram svg').isVisible()).toBe(true);
    expect(await page.locator('#diagram svg line[stroke="#c2410c"]').count()).toBe(1);
  });

  it.each([
    ['Replay a used authorization code', 'invalid_grant'],
    ["Present Norma's token at Bank of Astoria", 'invalid_token'],
    ['Tamper with a bank token (widen its scope)', 'invalid_token'],
    ['Deny at the consent page', 'access_denied'],
    ['Revoke the grant, then try again', 'Intro after: 401'],
    ['Monami Card is down', '503'],
  ])('break it: %s shows its failure', async (button, proof) => {
    const item = page.locator('.scenarios li', { hasText: button });
    await item.getByRole('button', { name: button }).click();
    const result = item.locator('.scenario-result.pass, .scenario-result.fail');
    await result.waitFor({ timeout: 20_000 });
    const text = await result.innerText();
    expect(text).toContain('✓ Protected');
    expect(text).toContain(proof);
  });

  it('screenshots the scenarios', async () => {
    await page.locator('.scenarios').screenshot({ path: join(SHOTS, 'demo-break-it.png') });
  });
});
