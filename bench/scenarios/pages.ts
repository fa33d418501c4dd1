/**
 * Scenario 3: 500 pages of 20,000 characters, each opened by one client, then closed. Target:
 * <= 300 kB per resident page, and none resident 60 s after the last client leaves. Quire and
 * Hocuspocus (with its SQLite extension) load the pages from storage; y-websocket 2 has no
 * storage, so each client pushes the page's content after opening it.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type WebSocket from 'ws';
import { contentUpdate, inBatches, pushUpdate, syncClient } from '../load/yclient.js';
import type { RunningServer } from '../load/processes.js';
import { closeAll, type ScenarioRun } from './measure.js';

export const PAGES = 500;
export const PAGE_CHARS = 20_000;

/** Content every page starts with (seeded into storage where the server has one). */
export const pageContent = () => contentUpdate(PAGE_CHARS);

/** Opens every page, measures memory per resident page, closes, and times the unloading. */
export function runPages(waitSeconds: number): ScenarioRun {
  return async (server: RunningServer) => {
    const before = await server.stats();
    const content = pageContent();
    const sockets: WebSocket[] = await inBatches(PAGES, 25, async (i) => {
      const target = { base: server.base, room: server.rooms[i], cookie: server.cookie, dialect: server.dialect };
      const { ws } = await syncClient(target);
      if (!server.seeded) await pushUpdate(ws, target, content);
      return ws;
    });
    await delay(500);
    const open = await server.stats();
    await closeAll(sockets);
    const closedAt = performance.now();
    let unloadS = NaN;
    let after = await server.stats();
    while (performance.now() - closedAt < waitSeconds * 1000) {
      if (after.rooms === 0) {
        unloadS = (performance.now() - closedAt) / 1000;
        break;
      }
      await delay(1000);
      after = await server.stats();
    }
    return [
      {
        variant: `${PAGES} pages x ${PAGE_CHARS} chars`,
        metrics: {
          residentRooms: open.rooms,
          heapKbPerPage: (open.heapUsed - before.heapUsed) / 1024 / PAGES,
          rssKbPerPage: (open.rss - before.rss) / 1024 / PAGES,
          roomsAfterWait: after.rooms,
          unloadS,
          heapMbAfterWait: after.heapUsed / 2 ** 20,
          rssMbAfterWait: after.rss / 2 ** 20,
          eventLoopP99: after.eventLoopP99,
        },
      },
    ];
  };
}
