/**
 * A seeded fuzzer at the collab endpoint. Every hostile frame gets its own connection: the server
 * stays up, closes each connection that sent something it must refuse, never changes a stored
 * byte, and the event loop is never held for 100 ms (measured in this process, where the server
 * runs). A failure names its seed; QUIRE_SEED=<n> replays it.
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { MESSAGE_AWARENESS, MESSAGE_SYNC } from '../../shared/collab.js';
import { SYNC_STEP1, SYNC_STEP2, SYNC_UPDATE } from '../../server/collab/protocol.js';
import { updateShape } from '../../server/collab/updateShape.js';
import type { CollabOptions } from '../../server/collab/options.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { seedPaper, storedRows } from '../helpers/seed.js';
import { addParagraph, bodyXml, connectClient, openRaw, storedDoc, waitSaved, waitSynced, type CollabClient } from '../helpers/collabClient.js';
import { frame, heavyCases, lightCases, sampleUpdates, type FuzzCase } from '../helpers/fuzz.js';
import { createRng, seedsFor } from '../helpers/rng.js';
import { scaled } from '../helpers/soak.js';
import { waitFor } from '../helpers/waitFor.js';

let server: TestServer | undefined;
const clients: CollabClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.stop();
  server = undefined;
});

const LIGHT_CASES = scaled(120, 1500);
const LOOP_BOUND_MS = 100;

/** The update inside a sync step 2 or update frame, or null for any other frame. */
function updateIn(bytes: Uint8Array): Uint8Array | null {
  try {
    const d = decoding.createDecoder(bytes);
    if (decoding.readVarUint(d) !== MESSAGE_SYNC) return null;
    const step = decoding.readVarUint(d);
    if (step !== SYNC_STEP2 && step !== SYNC_UPDATE) return null;
    return decoding.readVarUint8Array(d);
  } catch {
    return null;
  }
}

/** Whether the server must refuse this update: our walk or Yjs itself throws on it (against the stored page). */
function mustRefuse(update: Uint8Array, stored: Uint8Array, options: CollabOptions): boolean {
  try {
    const { updateWork, updateSections, updateDeleteRanges, updateDeleteSections } = options;
    updateShape(update, { maxWork: updateWork, maxSections: updateSections, maxDeleteRanges: updateDeleteRanges, maxDeleteSections: updateDeleteSections });
  } catch {
    return true;
  }
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, stored);
    Y.applyUpdate(doc, update);
    return false;
  } catch {
    return true;
  } finally {
    doc.destroy();
  }
}

/** The states (parsed JSON, null for removed) in an awareness frame. */
function awarenessStates(frameBytes: Uint8Array): unknown[] {
  const d = decoding.createDecoder(frameBytes);
  decoding.readVarUint(d);
  const u = decoding.createDecoder(decoding.readVarUint8Array(d));
  const out: unknown[] = [];
  for (let n = decoding.readVarUint(u); n > 0; n--) {
    decoding.readVarUint(u);
    decoding.readVarUint(u);
    out.push(JSON.parse(decoding.readVarString(u)));
  }
  return out;
}

interface PassResult {
  sent: number;
  closed: number;
  p99Ms: number;
  maxMs: number;
  /** The longest gap between loop ticks counted in this process's CPU time, not wall time. */
  cpuMaxMs: number;
  byKind: Map<string, number>;
}

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/**
 * Samples the loop every 5 ms and keeps the longest gap measured as min(wall time, CPU time this
 * process used). When other processes take both cores the wall gap grows but our CPU time does
 * not, so this tells a loop held by our own code from one that was merely not scheduled.
 */
function cpuLoopMonitor(): { stop(): number } {
  let lastWall = performance.now();
  let lastCpu = cpuMs();
  let max = 0;
  const timer = setInterval(() => {
    const wall = performance.now();
    const cpu = cpuMs();
    max = Math.max(max, Math.min(wall - lastWall, cpu - lastCpu) - 5);
    lastWall = wall;
    lastCpu = cpu;
  }, 5);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(0, max);
    },
  };
}

/** Sends every case on its own connection: heavy ones one at a time, light ones eight at once. */
async function fuzzPass(s: TestServer, cookie: string, pageId: string, heavy: FuzzCase[], light: FuzzCase[]): Promise<PassResult> {
  const barrier = frame(MESSAGE_SYNC, SYNC_STEP1, Y.encodeStateVector(new Y.Doc()));
  const byKind = new Map<string, number>();
  let closed = 0;
  const one = async (c: FuzzCase) => {
    byKind.set(c.kind, (byKind.get(c.kind) ?? 0) + 1);
    const raw = openRaw(s.wsUrl, pageId, { cookie });
    await raw.opened;
    let isClosed = false;
    void raw.closed.then(() => (isClosed = true));
    raw.send(c.bytes);
    if (c.mustClose) {
      const { code } = await raw.closed;
      expect(code, c.kind).toBeGreaterThanOrEqual(1000);
      closed++;
      return;
    }
    // Messages are handled in order: once our step 1 is answered (or the socket closed), the case was handled.
    if (raw.ws.readyState === raw.ws.OPEN) raw.send(barrier);
    await waitFor(() => isClosed || raw.messages.some((m) => m[0] === MESSAGE_SYNC && m[1] === SYNC_STEP2), { message: `answer after ${c.kind}` });
    if (isClosed) closed++;
    raw.ws.close();
    await raw.closed;
  };
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  const cpuLoop = cpuLoopMonitor();
  for (const c of heavy) await one(c);
  for (let i = 0; i < light.length; i += 8) await Promise.all(light.slice(i, i + 8).map(one));
  histogram.disable();
  const cpuMaxMs = cpuLoop.stop();
  return { sent: heavy.length + light.length, closed, p99Ms: histogram.percentile(99) / 1e6, maxMs: histogram.max / 1e6, cpuMaxMs, byKind };
}

describe('fault: hostile input at the collab endpoint', () => {
  for (const seed of seedsFor(scaled(2, 20), 4100)) {
    it(`keeps serving, closes each bad connection and changes no stored byte (seed ${seed})`, { timeout: 180_000 }, async () => {
      const rng = createRng(seed);
      const s = (server = await startServer());
      const seeded = seedPaper(s.db, { role: 'author' });
      const watcher = connectClient(s.wsUrl, seeded.pageId, { cookie: seeded.cookie });
      clients.push(watcher);
      await waitSynced(watcher);
      addParagraph(watcher.doc, 'Stored before the fuzzing');
      await waitSaved(watcher);
      s.quire.collab.flushNow();
      const before = storedRows(s.db, seeded.pageId);
      const storedState = Y.encodeStateAsUpdate(await storedDoc(s.db, seeded.pageId));

      // Everything is built before the loop is measured: building 2 MiB frames is the test's work, not the server's.
      const options = s.quire.collab.options;
      const heavy = heavyCases(rng, options.messageBytes);
      const samples = sampleUpdates(rng, 30);
      const light = lightCases(rng, LIGHT_CASES, samples).filter((c) => {
        const update = c.mustClose ? updateIn(c.bytes) : null;
        // A flipped bit can leave a valid edit; only what must be refused is sent as a refusal case.
        return update === null || mustRefuse(update, storedState, options);
      });

      // The bound is on our code holding the loop, but another process taking both cores stalls it
      // too. Passes over the same frames tell the two apart: a real hang repeats in every pass.
      const passes: PassResult[] = [];
      try {
        do passes.push(await fuzzPass(s, seeded.cookie, seeded.pageId, heavy, light));
        while (passes.length < 3 && passes[passes.length - 1].maxMs >= LOOP_BOUND_MS);
      } catch (err) {
        throw new Error(`fuzz seed ${seed} failed (replay with QUIRE_SEED=${seed}): ${(err as Error).message}`, { cause: err });
      }
      if (passes.length > 1) console.log(`seed ${seed}: loop delay max per pass ${passes.map((p) => `${p.maxMs.toFixed(1)} (CPU ${p.cpuMaxMs.toFixed(1)})`).join(', ')} ms`);
      const result = passes.reduce((best, p) => (p.maxMs < best.maxMs ? p : best));
      console.log(
        `fuzz seed ${seed}: ${result.sent} hostile connections (${heavy.length} heavy), ${result.closed} closed by the server; ` +
          `event-loop delay p99 ${result.p99Ms.toFixed(1)} ms, max ${result.maxMs.toFixed(1)} ms (longest gap in CPU time ${result.cpuMaxMs.toFixed(1)} ms); ` +
          `kinds ${[...result.byKind].map(([k, n]) => `${k}: ${n}`).join(', ')}`,
      );
      if (result.maxMs >= LOOP_BOUND_MS) {
        // Every pass was stalled: only acceptable if this process was not the one using the CPU.
        console.log(`seed ${seed}: the machine is overloaded (load ${os.loadavg()[0].toFixed(1)} on ${os.availableParallelism()} cores); judging the loop by CPU time`);
        expect(Math.min(...passes.map((p) => p.cpuMaxMs)), `seed ${seed}: loop held by our own work`).toBeLessThan(LOOP_BOUND_MS);
      } else {
        expect(result.p99Ms, `seed ${seed}`).toBeLessThan(LOOP_BOUND_MS);
        expect(result.maxMs, `seed ${seed}`).toBeLessThan(LOOP_BOUND_MS);
      }

      s.quire.collab.flushNow();
      const after = storedRows(s.db, seeded.pageId);
      expect(after.lastUpdateId).toBe(before.lastUpdateId);
      expect(after.snapshot && Buffer.compare(after.snapshot, before.snapshot!)).toBe(0);
      expect(after.updates.map((u) => [u.id, u.data.toString('hex')])).toEqual(before.updates.map((u) => [u.id, u.data.toString('hex')]));

      // No awareness state outlives the hostile connection that set it: a newcomer sees at most the watcher's.
      const probe = openRaw(s.wsUrl, seeded.pageId, { cookie: seeded.cookie });
      await probe.opened;
      probe.send(frame(MESSAGE_SYNC, SYNC_STEP1, Y.encodeStateVector(new Y.Doc())));
      await waitFor(() => probe.messages.some((m) => m[0] === MESSAGE_SYNC && m[1] === SYNC_STEP2), { message: 'probe answered' });
      const states = probe.messages.filter((m) => m[0] === MESSAGE_AWARENESS).flatMap((m) => awarenessStates(m));
      const watcherState = JSON.stringify(watcher.provider.awareness.getLocalState());
      expect(states.filter((state) => state !== null && JSON.stringify(state) !== watcherState), `seed ${seed}: awareness left behind`).toEqual([]);
      probe.ws.close();

      // Still serving: the watcher (reconnected if a reset closed it) writes and is stored.
      await waitSynced(watcher);
      addParagraph(watcher.doc, 'Written after the fuzzing');
      await waitSaved(watcher);
      expect(bodyXml(await storedDoc(s.db, seeded.pageId))).toContain('Written after the fuzzing');
      await waitFor(() => s.quire.collab.connectionCount() === 1, { message: 'only the watcher left connected' });
    });
  }
});
