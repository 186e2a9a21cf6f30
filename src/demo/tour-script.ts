import { BANKS } from '../banks/bank-directory.js';
import { forms, Page } from './robot-browser.js';

export interface Hop {
  method: 'GET' | 'POST';
  url: string;
  form?: Record<string, string | string[]>;
}

export interface TourStep {
  phase: 1 | 2 | 3 | 4;
  title: string;
  explain: string;
  seed?: string;
  /** Skipped when it does not apply to the page in front of the robot (e.g. already signed in). */
  applies?: (page: Page | undefined) => boolean;
  hop: (page: Page | undefined, base: string) => Hop;
}

const hasForm = (part: string) => (page: Page | undefined) => !!page && forms(page).some((f) => f.action.includes(part));

function submit(page: Page | undefined, part: string, values: Record<string, string> = {}, button?: { name: string; value: string }): Hop {
  const form = page && forms(page).find((f) => f.action.includes(part));
  if (!page || !form) throw new Error(`the page in front of the robot has no form for ${part}`);
  return { method: 'POST', url: new URL(form.action, page.url).toString(), form: { ...form.fields, ...values, ...(button ? { [button.name]: button.value } : {}) } };
}

const signInAtAs: Omit<TourStep, 'phase'> = {
  title: 'Sign in at your AS as nat',
  explain: 'The AS knows the person; banks and apps never see this password.',
  applies: hasForm('/as/login'),
  hop: (page) => submit(page, '/as/login', { username: 'nat', password: 'nat-demo' }),
};

/** The story as a robot plays it: each step is one action a person would take; redirects are followed one hop at a time. */
export const TOUR: TourStep[] = [
  ...BANKS.flatMap((bank): TourStep[] => [
    { phase: 1, title: `Open ${bank.name}`, explain: "The person's own online banking.", hop: (_p, base) => ({ method: 'GET', url: `${base}/banks/${bank.id}` }) },
    {
      phase: 1,
      title: `Sign in at ${bank.name} as nat`,
      explain: 'The bank knows its customer by its own login.',
      applies: hasForm(`/banks/${bank.id}/login`),
      hop: (page) => submit(page, `/banks/${bank.id}/login`, { username: 'nat', password: 'nat-demo' }),
    },
    {
      phase: 1,
      title: `Tell ${bank.name}: "my AS is …"`,
      explain: 'The bank discovers the AS (RFC 8414), registers itself there if new (RFC 7591), and sends the browser to ask for a PAT.',
      hop: (page) => submit(page, `/banks/${bank.id}/delegate`),
    },
    { phase: 1, ...signInAtAs },
    {
      phase: 1,
      title: `Allow ${bank.name} to register your accounts`,
      explain: 'The PAT (scope uma_protection) lets the bank register each account as a UMA resource; the code comes back to the bank, which redeems it and registers.',
      hop: (page) => submit(page, '/as/consent/', {}, { name: 'decision', value: 'allow' }),
    },
  ]),
  { phase: 2, title: 'Open Grapher', explain: 'A new app that knows no bank.', hop: (_p, base) => ({ method: 'GET', url: `${base}/grapher` }) },
  {
    phase: 2,
    title: 'Press the "AS" button',
    explain: 'Grapher discovers the AS, registers if it never met it, and asks for "Nat\'s bank data, wherever the banks are" (PKCE S256, state).',
    hop: (page) => submit(page, '/grapher/connect'),
  },
  { phase: 2, ...signInAtAs },
  {
    phase: 2,
    seed: '[6]–[9]',
    title: '"Grapher wants your data at: …" — Allow',
    explain: 'The consent lists every registered account; the code then goes back to Grapher by redirect ([10]–[11]), Grapher redeems it with its secret ([12]), asks Intro ([13]–[15]), fetches every bank ([16]–[19]) and draws ([20]–[22]).',
    hop: (page) => submit(page, '/as/consent/', {}, { name: 'decision', value: 'allow' }),
  },
];
