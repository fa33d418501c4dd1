/**
 * Scenario 1: one typist at 20 edits/s and N readers on one page (10 / 50 / 200 / 500). Target:
 * p99 <= 25 ms at 500 readers. Each reader count gets its own room on the same server process.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type WebSocket from 'ws';
import { MarkerClock, Typist, connectReader, inBatches } from '../load/yclient.js';
import { closeAll, collect, startMeasure, type ScenarioRun } from './measure.js';

const EDITS_PER_SECOND = 20;
export const READER_COUNTS = [10, 50, 200, 500];

/** Runs every reader count against one server. */
export const runReaders: ScenarioRun = async (server, { seconds }) => {
  const out = [];
  for (const [i, readers] of READER_COUNTS.entries()) {
    const clock = new MarkerClock();
    const target = { base: server.base, room: server.rooms[i], cookie: server.cookie, dialect: server.dialect };
    const sockets: WebSocket[] = await inBatches(readers, 50, (r) => connectReader(target, clock, r + 1));
    const typist = await Typist.connect(target, clock, 0, server.name !== 'echo');
    sockets.push(typist.ws);
    await delay(300);
    const measure = await startMeasure(server);
    const edits = seconds * EDITS_PER_SECOND;
    const start = performance.now();
    for (let e = 0; e < edits; e++) {
      typist.type();
      await delay(Math.max(0, start + ((e + 1) * 1000) / EDITS_PER_SECOND - performance.now()));
    }
    const latency = await collect(clock, edits * readers);
    const metrics = { ...latency, ...(await measure.finish(edits)) };
    await closeAll(sockets);
    out.push({ variant: `${readers} readers`, metrics });
  }
  return out;
};
