// The Node flags Steward's server runs with: `npm start` (.ci/build.mjs) and the bench's servers (test/bench).
//
// V8 lets the old generation grow to about four times what is live before a full collection: after the bench's
// load Steward held 52 MiB of live objects in a 199 MiB heap (278 MiB resident). Capped at 128 MiB, the heap is
// collected sooner: 194 MiB resident after the same load, CPU per request within the run's noise. The live set
// is bounded (every cache has a size limit), so 128 MiB leaves it 2.4x room. --max-old-space-size in
// NODE_OPTIONS, when set, wins.
export const HEAP_FLAGS = /--max-old-space-size/.test(process.env.NODE_OPTIONS ?? '') ? [] : ['--max-old-space-size=128'];
