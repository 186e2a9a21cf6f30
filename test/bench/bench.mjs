// npm run bench: the hot paths side by side, as ratios to references measured in the same run.
// Options: --quick (short runs), --no-build, --baseline=<results.json> (adds a "before" column),
//          --against=<another checkout> (runs its app in the same rounds, as the "before" column),
//          --paths=<bank,bankCold,introspect,intro5,intro50,refresh,trace,story,platform,dpop> (only those, beside the
//          references and node-oidc-provider's peer paths), --no-pin (no taskset pinning),
//          --profile=<healthz|bank|bankCold|introspect|intro5|intro50|refresh|story40|startup|startup40|
//          peer:introspect|peer:refresh|peer:jwt> (a CPU profile of one path instead, `node --cpu-prof`).
//          --db=postgres (Steward also on a fresh PostgreSQL database, in the same rounds: STEWARD_BENCH_PG or
//          STEWARD_TEST_PG names a server that may create databases, default postgres://postgres@127.0.0.1:5432/postgres).
//          BENCH_HEAP_SNAPSHOT=<file> (env): the server writes a V8 heap snapshot after the load.
//          --only=push (only the time from a revocation to the first refused call at the last bank, SSF push,
//          p50/p99 at 4 and 40 banks; .bench/push.md).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

if (!process.argv.includes('--no-build')) {
  console.log('[  0 s] building (npm run build)…');
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: fileURLToPath(new URL('../..', import.meta.url)), stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
// Loaded only now: it imports the app from dist/, which the build has just written.
await import('./run.mjs');
