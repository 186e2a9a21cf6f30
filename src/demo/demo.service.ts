import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import type { WebSession } from '../common/session/web-session.js';
import { ScenariosService } from './scenarios.service.js';
import { TourRunner } from './tour-runner.service.js';
import { TOUR } from './tour-script.js';

const PHASES = [
  { n: 1, name: 'Resource Registration', text: 'Once per bank: the person tells the bank "my AS is X"; the bank gets a PAT there and registers each account as a resource.' },
  { n: 2, name: 'Authorization', text: 'Grapher learns the AS, registers if new, and asks for the data without knowing any bank. The person allows; the code comes back; Grapher redeems it.' },
  { n: 3, name: 'Get Data', text: "Intro answers with every shared account's endpoint and a token for that bank alone; Grapher calls each bank." },
  { n: 4, name: 'Service Provision', text: "Grapher draws the person's financial picture." },
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
