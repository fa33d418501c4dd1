/**
 * Scenario 2: 500 clients on one page, of which 10 / 20 / 50 / 100 type at 5 edits/s each (their
 * starts spread over the 200 ms period). Target at 50 typists: everything delivered, p99 <= 50 ms,
 * no worse than Hocuspocus. Every client receives every other client's edits.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type WebSocket from 'ws';
import { MarkerClock, Typist, connectReader, inBatches } from '../load/yclient.js';
import { closeAll, collect, startMeasure, type ScenarioRun } from './measure.js';

const CLIENTS = 500;
const EDITS_PER_SECOND = 5;
export const TYPIST_COUNTS = [10, 20, 50, 100];

/** Runs every typist count against one server, each in its own room. */
export const runTypists: ScenarioRun = async (server, { seconds }) => {
  const out = [];
  for (const [i, typistCount] of TYPIST_COUNTS.entries()) {
    const clock = new MarkerClock();
    const target = { base: server.base, room: server.rooms[i], cookie: server.cookie, dialect: server.dialect };
    const typists = await inBatches(typistCount, 20, (t) => Typist.connect(target, clock, t, server.name !== 'echo'));
    const readers: WebSocket[] = await inBatches(CLIENTS - typistCount, 50, (r) => connectReader(target, clock, typistCount + r));
    await delay(500);
    const measure = await startMeasure(server);
    const period = 1000 / EDITS_PER_SECOND;
    const rounds = seconds * EDITS_PER_SECOND;
    const start = performance.now();
    const next = typists.map((_, t) => start + (t * period) / typistCount);
    const left = typists.map(() => rounds);
    let remaining = rounds * typistCount;
    while (remaining > 0) {
      const now = performance.now();
      let soonest = Infinity;
      for (let t = 0; t < typists.length; t++) {
        if (left[t] > 0 && next[t] <= now) {
          typists[t].type();
          left[t]--;
          remaining--;
          next[t] += period;
        }
        if (left[t] > 0) soonest = Math.min(soonest, next[t]);
      }
      if (remaining > 0) await delay(Math.max(0, soonest - performance.now()));
    }
    const edits = rounds * typistCount;
    const latency = await collect(clock, edits * (CLIENTS - 1), 5000);
    const metrics = { ...latency, ...(await measure.finish(edits)) };
    await closeAll([...readers, ...typists.map((t) => t.ws)]);
    out.push({ variant: `${typistCount} typists`, metrics });
  }
  return out;
};
