/**
 * Scenario 6: 10 typists at 5 edits/s each on one page for 60 s (shorter with --quick). Target:
 * bytes written to disk <= 5x the bytes of the Yjs updates typed. Counted from /proc/<pid>/io
 * write_bytes, from the first edit until the page has left memory after the typists left (so
 * Quire's compaction on unload and Hocuspocus's store on unload are both included).
 */
import { setTimeout as delay } from 'node:timers/promises';
import { MarkerClock, Typist, inBatches } from '../load/yclient.js';
import { diskWriteBytes, filesBytes, type RunningServer } from '../load/processes.js';
import { closeAll, collect, startMeasure, type ScenarioRun } from './measure.js';

const TYPISTS = 10;
const EDITS_PER_SECOND = 5;
const UNLOAD_WAIT_MS = 15_000;

/** Types for `seconds`, then measures what reached the disk. */
export function runDiskWrites(seconds: number): ScenarioRun {
  return async (server: RunningServer) => {
    const clock = new MarkerClock();
    const target = { base: server.base, room: server.rooms[0], cookie: server.cookie, dialect: server.dialect };
    const typists = await inBatches(TYPISTS, TYPISTS, (t) => Typist.connect(target, clock, t, true));
    await delay(500);
    const filesBefore = filesBytes(server.files);
    const pid = server.child.pid!;
    const diskBefore = diskWriteBytes(pid);
    const bytesBefore = typists.reduce((sum, t) => sum + t.updateBytes, 0);
    const measure = await startMeasure(server);
    const period = 1000 / EDITS_PER_SECOND;
    const rounds = seconds * EDITS_PER_SECOND;
    const start = performance.now();
    for (let r = 0; r < rounds; r++) {
      for (let t = 0; t < TYPISTS; t++) {
        await delay(Math.max(0, start + r * period + (t * period) / TYPISTS - performance.now()));
        typists[t].type();
      }
    }
    const edits = rounds * TYPISTS;
    const latency = await collect(clock, edits * (TYPISTS - 1));
    const metrics = await measure.finish(edits);
    const typed = typists.reduce((sum, t) => sum + t.updateBytes, 0) - bytesBefore;
    await closeAll(typists.map((t) => t.ws));
    const closedAt = performance.now();
    while ((await server.stats()).rooms > 0 && performance.now() - closedAt < UNLOAD_WAIT_MS) await delay(500);
    await delay(500);
    const written = diskWriteBytes(pid) - diskBefore;
    return [
      {
        variant: `${TYPISTS} typists x ${EDITS_PER_SECOND}/s x ${seconds} s`,
        metrics: {
          delivered: latency.delivered,
          p99: latency.p99,
          updateBytes: typed,
          writtenBytes: written,
          writtenPerUpdateByte: written / typed,
          diskBytesPerEdit: written / edits,
          fileGrowthBytes: filesBytes(server.files) - filesBefore,
          cpuMsPerEdit: metrics.cpuMsPerEdit,
          eventLoopP99: metrics.eventLoopP99,
        },
      },
    ];
  };
}
