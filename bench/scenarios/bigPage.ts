/**
 * Scenario 5: a 300,000-character page. Targets: cold open from SQLite <= 250 ms (connect to
 * synced, the page not in memory); a new client on the loaded page synced <= 60 ms; 200 clients
 * rejoining at once all synced within 3 s with event-loop delay p99 <= 100 ms. Rejoining clients
 * hold the page already and send its state vector (as a browser with the page in IndexedDB does);
 * a second burst joins with empty documents (a fresh browser).
 */
import { setTimeout as delay } from 'node:timers/promises';
import * as Y from 'yjs';
import { contentUpdate, pushUpdate, syncClient } from '../load/yclient.js';
import { closeAll, type ScenarioRun } from './measure.js';

export const BIG_PAGE_CHARS = 300_000;
const REJOINERS = 200;
const WARM_TRIES = 5;

/** Content of the big page (seeded into storage where the server has one). */
export const bigPageContent = () => contentUpdate(BIG_PAGE_CHARS);

/** Times a cold open, warm joins and two rejoin bursts. */
export const runBigPage: ScenarioRun = async (server) => {
  const target = { base: server.base, room: server.rooms[0], cookie: server.cookie, dialect: server.dialect };
  const doc = new Y.Doc();
  const first = await syncClient(target, { doc });
  const coldOpenMs = server.seeded ? first.ms : NaN;
  if (!server.seeded) {
    const content = bigPageContent();
    await pushUpdate(first.ws, target, content);
    Y.applyUpdate(doc, content);
  }
  await delay(300);
  const warm: number[] = [];
  for (let i = 0; i < WARM_TRIES; i++) {
    const c = await syncClient(target);
    warm.push(c.ms);
    c.ws.terminate();
    await delay(100);
  }
  warm.sort((a, b) => a - b);
  const stateVector = Y.encodeStateVector(doc);
  const rejoin = async (withState: boolean) => {
    await delay(500);
    await server.resetStats();
    const start = performance.now();
    const clients = await Promise.all(
      Array.from({ length: REJOINERS }, async () => {
        try {
          const c = await syncClient(target, withState ? { stateVector } : {});
          return { ws: c.ws, done: performance.now() - start };
        } catch {
          return null;
        }
      }),
    );
    const stats = await server.stats();
    const ok = clients.filter((c) => c !== null);
    await closeAll(ok.map((c) => c.ws));
    return { synced: ok.length / REJOINERS, allMs: ok.length === REJOINERS ? Math.max(...ok.map((c) => c.done)) : NaN, eventLoopP99: stats.eventLoopP99, eventLoopMax: stats.eventLoopMax };
  };
  const withState = await rejoin(true);
  const empty = await rejoin(false);
  const stats = await server.stats();
  first.ws.terminate();
  return [
    {
      variant: `${BIG_PAGE_CHARS} chars`,
      metrics: {
        coldOpenMs,
        warmSyncMs: warm[Math.floor(warm.length / 2)],
        rejoinSynced: withState.synced,
        rejoinAllMs: withState.allMs,
        rejoinEventLoopP99: withState.eventLoopP99,
        rejoinEmptySynced: empty.synced,
        rejoinEmptyAllMs: empty.allMs,
        rejoinEmptyEventLoopP99: empty.eventLoopP99,
        heapMb: stats.heapUsed / 2 ** 20,
        rssMb: stats.rss / 2 ** 20,
      },
    },
  ];
};
