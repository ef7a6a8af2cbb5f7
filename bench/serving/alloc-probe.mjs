/**
 * Preloaded into the bench server (`--import`): on SIGUSR2 starts counting the server's young-
 * generation allocation and GCs; on the next SIGUSR2 writes them as JSON to CAIRN_ALLOC_PROBE_OUT.
 * Allocation is read from V8's own heap statistics around each GC (new space used before a GC
 * minus what the previous GC left), so it does not depend on how large V8 made the young generation.
 */
import { writeFileSync } from 'node:fs';
import v8 from 'node:v8';
import { Session } from 'node:inspector';

const YOUNG = new Set(['new_space', 'new_large_object_space']);
let profiler;
// With CAIRN_ALLOC_PROBE_SAMPLES set, also a sampling allocation profile (objects the GC freed
// included) written there, for `alloc-report.ts`.
const samples = process.env.CAIRN_ALLOC_PROBE_SAMPLES;
const session = samples ? new Session() : undefined;
session?.connect();
let startUsed = 0;

// v8.getHeapSpaceStatistics() names fields in snake case, GCProfiler in camel case.
function youngUsed(spaces) {
  return spaces.filter((s) => YOUNG.has(s.space_name ?? s.spaceName)).reduce((n, s) => n + (s.space_used_size ?? s.spaceUsedSize), 0);
}

process.on('SIGUSR2', () => {
  if (profiler === undefined) {
    profiler = new v8.GCProfiler();
    startUsed = youngUsed(v8.getHeapSpaceStatistics());
    profiler.start();
    session?.post('HeapProfiler.startSampling', { samplingInterval: 512, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    return;
  }
  // Written before the counts: the counts' file tells the bench both are there.
  session?.post('HeapProfiler.stopSampling', (error, result) => writeFileSync(samples, JSON.stringify(error ?? result.profile)));
  const endUsed = youngUsed(v8.getHeapSpaceStatistics());
  const { statistics } = profiler.stop();
  profiler = undefined;
  let allocated = 0;
  let previous = startUsed;
  for (const gc of statistics) {
    allocated += youngUsed(gc.beforeGC.heapSpaceStatistics) - previous;
    previous = youngUsed(gc.afterGC.heapSpaceStatistics);
  }
  allocated += endUsed - previous;
  const scavenges = statistics.filter((gc) => gc.gcType === 'Scavenge');
  const costs = scavenges.map((gc) => gc.cost);
  writeFileSync(process.env.CAIRN_ALLOC_PROBE_OUT, JSON.stringify({ allocated, gcs: statistics.length, scavenges: scavenges.length, scavengeMicros: costs }));
});
