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
  /** Every trace fetch the page makes, and how many were in flight at once at most. */
  const traceFetches = { count: 0, inFlight: 0, maxInFlight: 0, urls: [] as string[] };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    run = await startApp({ DEMO_PLAY_DELAY_MS: '20' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const isTrace = (url: string) => url.includes('/demo/api/trace');
    page.on('request', (r) => {
      if (!isTrace(r.url())) return;
      traceFetches.count++;
      traceFetches.urls.push(r.url());
      traceFetches.maxInFlight = Math.max(traceFetches.maxInFlight, ++traceFetches.inFlight);
    });
    const done = (r: { url(): string }) => isTrace(r.url()) && traceFetches.inFlight--;
    page.on('requestfinished', done);
    page.on('requestfailed', done);
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
    // Each part of a row's one line, spaced (a closed phase group is not rendered, so innerText would run them together).
    const rows = await page.locator('details.ex > summary').evaluateAll((nodes) => nodes.map((n) => Array.from((n as unknown as { children: ArrayLike<{ textContent: string | null }> }).children, (c) => c.textContent).join(' ')));
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

  it('shows each exchange once, fetching only what is new, never two fetches at once', async () => {
    const ids = await page.locator('details.ex').evaluateAll((nodes) => nodes.map((n) => Number((n as unknown as { dataset: { id: string } }).dataset.id)));
    expect(ids.length).toBeGreaterThan(50);
    expect(new Set(ids).size).toBe(ids.length);
    const api = (await (await fetch(`${run.baseUrl}/demo/api/trace?since=0&limit=100`)).json()) as { exchanges: { id: number }[] };
    expect(ids.slice(0, api.exchanges.length)).toEqual(api.exchanges.map((e) => e.id));
    expect(traceFetches.maxInFlight).toBe(1);
    // Each fetch asks from the cursor of the one before: the trace is read once, from the start, never again.
    const cursors = traceFetches.urls.map((u) => Number(new URL(u).searchParams.get('since')));
    expect(cursors[0]).toBe(0);
    expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
    expect(cursors[cursors.length - 1]).toBeGreaterThanOrEqual(ids[ids.length - 1] - 100);
  });

  it('after Play the page stays short: the trace is one line per exchange, in a box, only the newest phase open', async () => {
    const height = await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollHeight: number } } }).document.documentElement.scrollHeight);
    expect(height).toBeLessThan(6000);
    const rowHeights = await page.locator('#trace details.phase-group[open] details.ex:not([open]) > summary').evaluateAll((nodes) => nodes.map((n) => (n as unknown as { getBoundingClientRect(): { height: number } }).getBoundingClientRect().height));
    expect(rowHeights.length).toBeGreaterThan(0);
    for (const h of rowHeights) expect(h).toBeLessThan(40);
    expect(await page.locator('#trace details.phase-group[open]').count()).toBe(1);
    expect(await page.locator('#trace details.phase-group').count()).toBeGreaterThan(1);
    await page.screenshot({ path: join(SHOTS, 'demo-after-play.png'), fullPage: true });
  });

  it('links to the picture the robot produced', async () => {
    const link = page.locator('#robot-picture');
    await link.waitFor({ state: 'visible' });
    const picture = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await picture.goto(`${run.baseUrl}${await link.getAttribute('href')}`);
      expect(await picture.locator('.robot-snapshot').innerText()).toContain("What the robot's browser received from Grapher");
      expect(await picture.locator('h1').innerText()).toBe('Your financial picture');
      expect(await picture.locator('#net-worth svg').isVisible()).toBe(true);
      await picture.screenshot({ path: join(SHOTS, 'demo-robot-picture.png') });
    } finally {
      await picture.close();
    }
  });

  it('the Intro exchange shows each bank token decoded, with its aud, verified against the JWKS', async () => {
    const intro = page.locator('details.ex', { hasText: 'GET /as/intro' }).first();
    const group = page.locator('details.phase-group', { has: intro });
    if ((await group.getAttribute('open')) === null) await group.locator('> summary').click();
    await intro.locator('summary').click();
    // The bank tokens Intro answers with (the request's DPoP proof is decoded first, beside them).
    const jwt = intro.locator('.jwt', { hasText: 'JWT in the response' }).first();
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

  it('the sequence diagram is legible at 1280 px: every label at least 12 px, no lane name clipped', async () => {
    const sizes = await page.locator('#diagram svg').evaluate((node) => {
      type Box = { x: number; y: number; width: number; height: number };
      const svg = node as unknown as { getBoundingClientRect(): Box; viewBox: { baseVal: { width: number } }; querySelectorAll(s: string): ArrayLike<{ getAttribute(n: string): string | null; getBBox(): Box; textContent: string | null }> };
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      const texts = Array.from(svg.querySelectorAll('text'));
      const lanes = Array.from(svg.querySelectorAll('text.lane')).map((t) => ({ name: t.textContent, left: t.getBBox().x, right: t.getBBox().x + t.getBBox().width }));
      return { width: svg.viewBox.baseVal.width, smallest: Math.min(...texts.map((t) => Number(t.getAttribute('font-size')) * scale)), count: texts.length, lanes };
    });
    expect(sizes.count).toBeGreaterThan(8);
    expect(sizes.smallest).toBeGreaterThanOrEqual(12);
    expect(sizes.lanes.map((l) => l.name)).toEqual(["Person's browser", 'Grapher', 'AS', 'Intro', 'Norma', 'Lastish', 'Monami', 'Astoria']);
    for (const l of sizes.lanes) {
      expect(l.left).toBeGreaterThanOrEqual(0);
      expect(l.right).toBeLessThanOrEqual(sizes.width);
    }
    const box = await page.locator('#diagram').boundingBox();
    expect(box!.width).toBeLessThanOrEqual(1280);
    await page.locator('.diagram-card').screenshot({ path: join(SHOTS, 'demo-diagram.png') });
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
    // Its exchanges, and only those, in the trace.
    await result.locator('a.trace-link').click();
    const picked = page.locator('#trace details.ex.picked');
    await picked.first().waitFor({ state: 'visible' });
    const n = Number(/See its (\d+) exchange/.exec(await result.locator('a.trace-link').innerText())![1]);
    expect(await picked.count()).toBe(n);
    expect(await page.locator('#trace details.ex:visible').count()).toBe(n);
    await page.locator('#trace-filter button').click();
  });

  it('screenshots the scenarios', async () => {
    await page.locator('.scenarios').screenshot({ path: join(SHOTS, 'demo-break-it.png') });
  });
});
