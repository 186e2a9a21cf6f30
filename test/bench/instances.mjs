// node test/bench/instances.mjs [--instances=3]: start-up of several instances started at once on one empty
// PostgreSQL database (migrations under a lock, seeding once), until every one answers /readyz; then the same
// on the database they left (migrated and seeded). Uses the built app (`npm run build` first); the database is
// created in the server STEWARD_BENCH_PG or STEWARD_TEST_PG names (default the local one) and dropped after.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { freshDatabase } from './lib/pg.mjs';
import { startServer } from './lib/procs.mjs';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const n = Number(args.instances ?? 3);

async function startAll(db, label) {
  const t0 = performance.now();
  const servers = await Promise.all(Array.from({ length: n }, (_, i) => startServer(`instance-${i}`, { env: db.env, probe: '/readyz' })));
  const all = performance.now() - t0;
  console.log(`${label}: all ${n} answering /readyz after ${Math.round(all)} ms (each: ${servers.map((s) => Math.round(s.startupMs)).join(', ')} ms after its spawn)`);
  await Promise.all(servers.map((s) => s.stop()));
  return { allMs: all, eachMs: servers.map((s) => s.startupMs) };
}

console.log(`load average ${loadavg()[0].toFixed(1)} before the run`);
const db = await freshDatabase();
try {
  await startAll(db, `${n} instances at once on an empty database`);
  await startAll(db, `${n} instances at once on the database they left`);
} finally {
  await db.drop();
}
