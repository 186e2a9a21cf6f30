/**
 * A small scripted browser: a path-aware cookie jar, manual redirects, and forms read from the HTML the
 * parties render. The demo's "play" mode walks the story with it, and the e2e suites click through the
 * story with it exactly as a person would.
 */
export interface Page {
  url: string;
  status: number;
  headers: Headers;
  html: string;
}

interface Cookie {
  name: string;
  value: string;
  path: string;
}

export interface Form {
  action: string;
  method: string;
  fields: Record<string, string | string[]>;
  buttons: { name: string; value: string }[];
}

export function unescapeHtml(s: string): string {
  return s
    .replace(/&#x3D;/g, '=')
    .replace(/&#x27;/g, "'")
    .replace(/&#x60;/g, '`')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? unescapeHtml(m[1]) : undefined;
}

export class Browser {
  private cookies = new Map<string, Cookie>(); // host|path|name → cookie
  readonly history: { method: string; url: string; status: number }[] = [];

  /** One request, no redirect followed. */
  async request(method: string, url: string, form?: Record<string, string | string[]>): Promise<Page> {
    const u = new URL(url);
    const headers: Record<string, string> = { accept: 'text/html,application/xhtml+xml' };
    const cookie = this.cookieHeader(u);
    if (cookie) headers.cookie = cookie;
    let body: string | undefined;
    if (form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      const p = new URLSearchParams();
      for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) p.append(k, one);
      body = p.toString();
    }
    const res = await fetch(url, { method, headers, body, redirect: 'manual' });
    for (const sc of res.headers.getSetCookie()) this.store(u, sc);
    const page = { url, status: res.status, headers: res.headers, html: await res.text() };
    this.history.push({ method, url, status: res.status });
    return page;
  }

  /** Follows redirects (as a browser does: a 303 becomes a GET) and returns the final page. */
  async go(method: string, url: string, form?: Record<string, string | string[]>, maxHops = 10): Promise<Page> {
    let page = await this.request(method, url, form);
    for (let hop = 0; hop < maxHops && page.status >= 300 && page.status < 400; hop++) {
      const next = new URL(page.headers.get('location') as string, page.url).toString();
      page = await this.request('GET', next);
    }
    return page;
  }

  get(url: string): Promise<Page> {
    return this.go('GET', url);
  }

  /** Reads the form on the page whose action matches, fills it, and presses a button. */
  async submit(page: Page, actionPart: string, values: Record<string, string | string[]> = {}, button?: { name: string; value: string }, follow = true): Promise<Page> {
    const form = forms(page).find((f) => f.action.includes(actionPart));
    if (!form) throw new Error(`no form with action containing ${actionPart} on ${page.url}:\n${page.html.slice(0, 2000)}`);
    const data: Record<string, string | string[]> = { ...form.fields, ...values };
    if (button) data[button.name] = button.value;
    const action = new URL(form.action, page.url).toString();
    return follow ? this.go(form.method.toUpperCase(), action, data) : this.request(form.method.toUpperCase(), action, data);
  }

  cookieNames(): string[] {
    return [...this.cookies.values()].map((c) => `${c.name}@${c.path}`);
  }

  private store(u: URL, header: string): void {
    const [pair, ...attrs] = header.split(';').map((s) => s.trim());
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    let path = '/';
    let expired = false;
    for (const a of attrs) {
      const [k, v] = a.split('=');
      if (k.toLowerCase() === 'path') path = v;
      if (k.toLowerCase() === 'expires' && new Date(v).getTime() < Date.now()) expired = true;
      if (k.toLowerCase() === 'max-age' && Number(v) <= 0) expired = true;
    }
    const key = `${u.host}|${path}|${name}`;
    if (expired || value === '') this.cookies.delete(key);
    else this.cookies.set(key, { name, value, path });
  }

  private cookieHeader(u: URL): string {
    const out: string[] = [];
    for (const [key, c] of this.cookies) {
      if (!key.startsWith(`${u.host}|`)) continue;
      const p = u.pathname;
      if (p === c.path || p.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`)) out.push(`${c.name}=${c.value}`);
    }
    return out.join('; ');
  }
}

export function forms(page: Page): Form[] {
  const out: Form[] = [];
  const re = /<form\b([^>]*)>([\s\S]*?)<\/form>/g;
  for (let m = re.exec(page.html); m; m = re.exec(page.html)) {
    const fields: Record<string, string | string[]> = {};
    const buttons: { name: string; value: string }[] = [];
    for (const input of m[2].match(/<input\b[^>]*>/g) ?? []) {
      const name = attr(input, 'name');
      if (!name) continue;
      const type = attr(input, 'type') ?? 'text';
      if (type === 'radio') {
        if (/\schecked\b/.test(input)) fields[name] = attr(input, 'value') ?? 'on';
      } else if (type === 'checkbox') {
        if (!/\schecked\b/.test(input)) continue;
        const prev = fields[name];
        const value = attr(input, 'value') ?? 'on';
        fields[name] = prev === undefined ? [value] : [...(Array.isArray(prev) ? prev : [prev]), value];
      } else fields[name] = attr(input, 'value') ?? '';
    }
    for (const b of m[2].match(/<button\b[^>]*>/g) ?? []) {
      const name = attr(b, 'name');
      if (name) buttons.push({ name, value: attr(b, 'value') ?? '' });
    }
    out.push({ action: attr(m[1], 'action') ?? page.url, method: attr(m[1], 'method') ?? 'get', fields, buttons });
  }
  return out;
}

export function text(page: Page): string {
  return unescapeHtml(page.html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '));
}

export interface AuthorizeOptions {
  decision?: 'allow' | 'deny';
  /** Changes to the consent form's fields (untick accounts, pick a window…). */
  choose?: (fields: Record<string, string | string[]>) => Record<string, string | string[]>;
  username?: string;
  password?: string;
}

/**
 * Walks an authorization request at the AS through sign-in and consent and returns the redirect back to
 * the client, without following it.
 */
export async function authorizeThrough(browser: Browser, authorizeUrl: string, opts: AuthorizeOptions = {}): Promise<URL> {
  const { decision = 'allow', username = 'nat', password = 'nat-demo' } = opts;
  let page = await browser.request('GET', authorizeUrl);
  for (let hop = 0; hop < 10; hop++) {
    const location = page.headers.get('location');
    if (page.status >= 300 && page.status < 400 && location) {
      const next = new URL(location, page.url);
      if (!next.pathname.startsWith('/as/')) return next;
      page = await browser.request('GET', next.toString());
      continue;
    }
    if (/action="[^"]*\/as\/login"/.test(page.html)) {
      page = await browser.submit(page, '/as/login', { username, password }, undefined, false);
      continue;
    }
    const consent = forms(page).find((f) => f.action.includes('/as/consent/'));
    if (consent) {
      page = await browser.submit(page, '/as/consent/', opts.choose ? opts.choose(consent.fields) : {}, { name: 'decision', value: decision }, false);
      continue;
    }
    throw new Error(`authorization stopped at ${page.url} (${page.status}): ${page.html.slice(0, 500)}`);
  }
  throw new Error('too many hops');
}
