import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import type { WebSession } from '../common/session/web-session.js';
import { ScenariosService } from './scenarios.service.js';
import { TourRunner } from './tour-runner.service.js';
import { TOUR } from './tour-script.js';

const PHASES = [
  { n: 1, name: 'Resource Registration', text: 'Once per bank: the person tells the bank "my AS is X"; the bank gets a PAT there and registers each account as a resource.', then: [] },
  {
    n: 2,
    name: 'Authorization',
    text: 'Grapher learns the AS, registers if new, and asks for the data without knowing any bank. The person allows; the code comes back; Grapher redeems it.',
    then: [
      { seed: '[10]–[11]', title: 'The code comes back to Grapher by redirect', explain: 'With state and iss, which Grapher checks (CSRF and mix-up defence).' },
      { seed: '[12]', title: 'Grapher redeems the code with its client secret', explain: 'Back channel to the token endpoint, with the PKCE verifier: an access token, a refresh token and the intro_endpoint.' },
    ],
  },
  {
    n: 3,
    name: 'Get Data',
    text: "Intro answers with every shared account's endpoint and a token for that bank alone; Grapher calls each bank.",
    then: [
      { seed: '[13]–[15]', title: 'Intro', explain: 'One RFC 9068 JWT per account: aud is that bank, signed by the AS (ES256).' },
      { seed: '[16]–[19]', title: 'Every bank at once', explain: 'Each bank checks the signature with the AS JWKS, iss, aud, expiry, the account and the scope, then answers FDX data.' },
    ],
  },
  { n: 4, name: 'Service Provision', text: "Grapher draws the person's financial picture.", then: [{ seed: '[20]–[22]', title: 'The picture', explain: 'Net worth, allocation and balances, drawn from the live data.' }] },
];

/** The tour page's content: the phases and steps of the story, the break-it scenarios, the switches. */
@Injectable()
export class DemoService {
  constructor(
    private readonly config: AppConfig,
    private readonly scenarios: ScenariosService,
    private readonly runner: TourRunner,
  ) {}

  page(session: WebSession) {
    return {
      title: 'Guided tour',
      csrf: session.csrfToken(),
      traceEnabled: this.config.trace.enabled,
      traceSize: this.config.trace.size,
      phases: PHASES.map((p) => ({ ...p, steps: TOUR.map((s, i) => ({ ...s, i })).filter((s) => s.phase === p.n) })),
      scenarios: this.scenarios.list(),
      home: this.config.publicUrl,
    };
  }

  tourStatus() {
    const { steps, ...state } = this.runner.status();
    return { ...state, total: steps.length };
  }

  sink(query: Record<string, unknown>) {
    return { title: 'Back at the app', params: Object.entries(query).map(([name, value]) => ({ name, value: String(value) })) };
  }
}
