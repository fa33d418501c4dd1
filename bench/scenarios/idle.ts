/**
 * Scenario 4: 1,000 idle connections on one (small) page, each synced. Target: <= 20 kB each,
 * measured as the growth of heap and RSS after GC divided by the connections.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { inBatches, openSocket, syncClient } from '../load/yclient.js';
import { closeAll, type ScenarioRun } from './measure.js';

export const IDLE_CONNECTIONS = 1000;

/** Opens the connections and measures what each costs the server. */
export const runIdle: ScenarioRun = async (server) => {
  const target = { base: server.base, room: server.rooms[0], cookie: server.cookie, dialect: server.dialect };
  // The room is loaded first, so its own cost is not counted per connection.
  const first = server.name === 'echo' ? { ws: await openSocket(target) } : await syncClient(target);
  await delay(300);
  const before = await server.stats();
  // The echo relay never answers a step 1, so its clients only connect.
  const sockets = await inBatches(IDLE_CONNECTIONS, 50, async () => (server.name === 'echo' ? openSocket(target) : (await syncClient(target)).ws));
  await delay(1000);
  const open = await server.stats();
  await closeAll([...sockets, first.ws]);
  return [
    {
      variant: `${IDLE_CONNECTIONS} idle connections`,
      metrics: {
        heapKbPerConnection: (open.heapUsed - before.heapUsed) / 1024 / IDLE_CONNECTIONS,
        rssKbPerConnection: (open.rss - before.rss) / 1024 / IDLE_CONNECTIONS,
        rssMb: open.rss / 2 ** 20,
        heapMb: open.heapUsed / 2 ** 20,
      },
    },
  ];
};
