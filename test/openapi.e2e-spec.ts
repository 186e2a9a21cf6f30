import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { Browser } from './support/browser.js';
import { delegateBank, getJson, obtainPat, obtainTokens, registerClient } from './support/fixtures.js';
import { RunningApp, startApp } from './support/app.js';

const DOC_ID = 'https://steward.invalid/openapi.json';
/** A JSON pointer into the document to the JSON schema of one answer. */
const answerOf = (path: string, method: string, status: number) =>
  `${DOC_ID}#/paths/${path.replaceAll('~', '~0').replaceAll('/', '~1')}/${method}/responses/${status}/content/application~1json/schema`;

/** The OpenAPI 3.1 description, and live answers checked against it. */
describe('OpenAPI description (/api/openapi.json)', () => {
  let run: RunningApp;
  let doc: any;
  let ajv: Ajv2020;
  const check = (path: string, method: string, status: number, body: unknown) => {
    const validate = ajv.compile({ $ref: answerOf(path, method, status) });
    return validate(body) ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message}`);
  };

  beforeAll(async () => {
    run = await startApp();
    doc = (await getJson(`${run.baseUrl}/api/openapi.json`)).json;
    ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addSchema({ ...doc, $id: DOC_ID });
  });
  afterAll(() => run.close());

  it('is OpenAPI 3.1 and describes Intro, UMA resource registration and the FDX bank API, and nothing an RFC describes', () => {
    expect(doc.openapi).toBe('3.1.0');
    const paths = Object.keys(doc.paths);
    expect(paths).toEqual(
      expect.arrayContaining(['/as/intro', '/as/uma/resource_set', '/as/uma/resource_set/{id}', '/banks/{bankId}/fdx/v6/accounts/{accountId}', '/banks/{bankId}/fdx/v6/accounts/{accountId}/transactions']),
    );
    // Besides them only PAR, Grant Management and the SSF stream API; the endpoints the RFCs' metadata describe stay out.
    expect(paths.filter((p) => !/^\/as\/(intro$|uma\/resource_set|grants\/|par$|ssf\/)|^\/banks\/\{bankId\}\/fdx\//.test(p))).toEqual([]);
    expect(doc.servers).toEqual([{ url: run.baseUrl }]);
    expect(doc.components.schemas.IntroEntrySchema.required).toEqual(expect.arrayContaining(['endpoint', 'access_token', 'bank_id', 'bank_name']));
  });

  it('describes PAR, Grant Management and the SSF stream API with their parameters', () => {
    const params = (path: string, method: string) => (doc.paths[path][method].parameters ?? []).map((p: any) => `${p.in}:${p.name}${p.required ? '!' : ''}`).sort();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/as/par', '/as/grants/{grantId}', '/as/ssf/streams', '/as/ssf/verify', '/as/ssf/status']));
    // RFC 9126 §2.1: a form-encoded authorization request, with the Grant Management parameters (§5.2).
    const par = doc.paths['/as/par'].post;
    const form = par.requestBody.content['application/x-www-form-urlencoded'].schema;
    const parBody = form.$ref ? doc.components.schemas[form.$ref.split('/').pop()] : form;
    expect(Object.keys(parBody.properties)).toEqual(expect.arrayContaining(['response_type', 'redirect_uri', 'code_challenge', 'authorization_details', 'grant_management_action', 'grant_id']));
    expect(parBody.properties.grant_management_action.enum).toEqual(['create', 'merge', 'replace']);
    expect(Object.keys(par.responses)).toEqual(expect.arrayContaining(['201', '400', '401']));
    // Grant Management §6.4–6.6.
    expect(params('/as/grants/{grantId}', 'get')).toEqual(['path:grantId!']);
    expect(params('/as/grants/{grantId}', 'delete')).toEqual(['path:grantId!']);
    expect(Object.keys(doc.paths['/as/grants/{grantId}'].get.responses)).toEqual(expect.arrayContaining(['200', '401', '403', '404']));
    expect(Object.keys(doc.paths['/as/grants/{grantId}'].delete.responses)).toEqual(expect.arrayContaining(['204', '401', '403', '404']));
    // SSF 1.0 §8.1.1, §8.1.2.1, §8.1.4.2.
    expect(params('/as/ssf/streams', 'get')).toEqual(['query:stream_id']);
    expect(params('/as/ssf/streams', 'delete')).toEqual(['query:stream_id!']);
    expect(params('/as/ssf/status', 'get')).toEqual(['query:stream_id!']);
    expect(doc.paths['/as/ssf/streams'].post.requestBody).toBeDefined();
    expect(doc.paths['/as/ssf/verify'].post.requestBody).toBeDefined();
  });

    it('is browsable with Swagger UI under the CSP: every script is a file, none inline', async () => {
    const res = await fetch(`${run.baseUrl}/api/docs/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc="/);
      expect(body.trim()).toBe('');
    }
  });

  describe('live answers validate against it', () => {
    let browser: Browser;
    let intro: Record<string, any>;
    beforeAll(async () => {
      browser = new Browser();
      for (const bank of ['norma', 'astoria']) await delegateBank(browser, run.baseUrl, bank);
      const tokens = await obtainTokens(browser, run.baseUrl, await registerClient(run.baseUrl));
      intro = (await getJson(`${run.baseUrl}/as/intro`, { authorization: `Bearer ${tokens.access_token}` })).json;
    });

    it('a real Intro answer', () => {
      expect(Object.keys(intro)).toHaveLength(3);
      expect(check('/as/intro', 'get', 200, intro)).toEqual([]);
      // The check can fail: an entry that does not name its bank is not what the document describes.
      const [label, entry] = Object.entries(intro)[0];
      const { bank_id: _dropped, ...unnamed } = entry;
      expect(check('/as/intro', 'get', 200, { [label]: unnamed })).toEqual([expect.stringContaining("must have required property 'bank_id'")]);
    });

    it('a real bank answer: each account at Norma (investment) and Astoria (deposit) and a page of its transactions', async () => {
      for (const entry of Object.values(intro)) {
        const headers = { authorization: `Bearer ${entry.access_token}` };
        const account = await getJson(entry.endpoint, headers);
        expect(account.status).toBe(200);
        expect(check('/banks/{bankId}/fdx/v6/accounts/{accountId}', 'get', 200, account.json)).toEqual([]);
        const page = await getJson(`${entry.endpoint}/transactions?limit=50`, headers);
        expect(page.json.transactions.length).toBeGreaterThan(0);
        expect(check('/banks/{bankId}/fdx/v6/accounts/{accountId}/transactions', 'get', 200, page.json)).toEqual([]);
      }
      const refused = await getJson(Object.values(intro)[0].endpoint, { authorization: 'Bearer a.b.c' });
      expect(check('/banks/{bankId}/fdx/v6/accounts/{accountId}', 'get', 401, refused.json)).toEqual([]);
    });

    it('a real grant (Grant Management §6.4), stream configuration and stream status (SSF §8.1.1, §8.1.2.1)', async () => {
      const c = await registerClient(run.baseUrl, { scope: 'accounts:read grant_management_query' });
      const tokens = await obtainTokens(browser, run.baseUrl, c, 'accounts:read grant_management_query');
      const grant = await getJson(`${run.baseUrl}/as/grants/${tokens.grant_id}`, { authorization: `Bearer ${tokens.access_token}` });
      expect(grant.status).toBe(200);
      expect(check('/as/grants/{grantId}', 'get', 200, grant.json)).toEqual([]);
      const { pat } = await obtainPat(browser, run.baseUrl, 'https://openapi-bank.example', 'OpenAPI Bank');
      const created = await fetch(`${run.baseUrl}/as/ssf/streams`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${pat}` },
        body: JSON.stringify({ delivery: { method: 'urn:ietf:rfc:8935', endpoint_url: 'https://openapi-bank.example/ssf/events' } }),
      });
      expect(created.status).toBe(201);
      const config = await created.json();
      expect(check('/as/ssf/streams', 'post', 201, config)).toEqual([]);
      const status = await getJson(`${run.baseUrl}/as/ssf/status?stream_id=${(config as { stream_id: string }).stream_id}`, { authorization: `Bearer ${pat}` });
      expect(check('/as/ssf/status', 'get', 200, status.json)).toEqual([]);
    });

    it('a real UMA resource registration answer', async () => {
      const { pat } = await obtainPat(browser, run.baseUrl, 'https://rs.example', 'Doc Bank');
      const auth = { authorization: `Bearer ${pat}`, 'content-type': 'application/json' };
      const created = await fetch(`${run.baseUrl}/as/uma/resource_set`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ resource_scopes: ['accounts:read'], name: 'Doc account', endpoint: 'https://rs.example/accounts/1' }),
      });
      const body = (await created.json()) as { _id: string };
      expect(created.status).toBe(201);
      expect(check('/as/uma/resource_set', 'post', 201, body)).toEqual([]);
      const read = await getJson(`${run.baseUrl}/as/uma/resource_set/${body._id}`, auth);
      expect(check('/as/uma/resource_set/{id}', 'get', 200, read.json)).toEqual([]);
      expect(check('/as/uma/resource_set', 'get', 200, (await getJson(`${run.baseUrl}/as/uma/resource_set`, auth)).json)).toEqual([]);
    });
  });
});
