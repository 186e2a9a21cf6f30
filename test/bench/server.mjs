// Child process: Steward as production builds it (dist/), on 127.0.0.1 only. Env as for `npm start`.
import 'reflect-metadata';
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { createApp } from '../../dist/src/app.factory.js';

// BENCH_SQL_LOG: every distinct statement prepared once the server listens (not migrations or seeding),
// for the bench's query-plan check.
const statements = new Set();
let listening = false;
if (process.env.BENCH_SQL_LOG) {
  const prepare = Database.prototype.prepare;
  Database.prototype.prepare = function (sql, ...rest) {
    if (listening) statements.add(sql);
    return prepare.call(this, sql, ...rest);
  };
}

const port = Number(process.env.PORT);
const app = await createApp(process.env, false);
await app.listen(port, '127.0.0.1');
listening = true;
process.send?.({ listening: port });
// The parent asks for the monotonic clock (µs, the clock of --cpu-prof samples) to cut a profile to the load.
process.on('message', (m) => {
  if (m === 'clock') process.send?.({ clock: Number(process.hrtime.bigint() / 1000n) });
  // What the resident memory is made of: V8's heap (total reserved, used) and memory outside it.
  if (m === 'heap') {
    if (process.env.BENCH_HEAP_SNAPSHOT) import('node:v8').then((v8) => v8.writeHeapSnapshot(process.env.BENCH_HEAP_SNAPSHOT));
    process.send?.({ heap: process.memoryUsage() });
  }
});

let closing = false;
const stop = async () => {
  if (closing) return;
  closing = true;
  await app.close().catch(() => undefined);
  if (process.env.BENCH_SQL_LOG) writeFileSync(process.env.BENCH_SQL_LOG, JSON.stringify([...statements]));
  process.exit(0); // a normal exit, so --cpu-prof writes its profile
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);
