import type { Bank } from '../banks/bank-directory.js';
import type { AppConfig } from './app-config.js';

/**
 * What `npm start` prints once the server listens: where to open the browser and which party answers
 * where. Every party runs in this one process, each under its own base URL.
 */
export function startupBanner(config: AppConfig, banks: readonly Bank[]): string {
  const rows: [string, string][] = [
    ['Nat’s AS (issuer)', config.asIssuer],
    ...banks.slice(0, 6).map((b): [string, string] => [b.name, config.bankUrl(b.id)]),
    ...(banks.length > 6 ? [[`… and ${banks.length - 6} more banks`, `${config.publicUrl}/banks/<id>`] as [string, string]] : []),
    ['Grapher (the app)', config.grapherUrl],
    ...(config.demo ? [['Guided tour and live trace', `${config.publicUrl}/demo`] as [string, string]] : []),
    ['API description (OpenAPI)', `${config.publicUrl}/api/docs/`],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  return [
    `Steward is running: open ${config.publicUrl} in your browser (demo sign-in: nat / nat-demo).`,
    'Every party runs in this process, each at its own URL:',
    ...rows.map(([name, url]) => `  ${name.padEnd(width)}  ${url}`),
    `Your own bank, client or AS on this machine: list its origin in TRUSTED_LOCAL_ORIGINS (see docs/).`,
  ].join('\n');
}
