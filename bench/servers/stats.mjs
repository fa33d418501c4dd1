/**
 * The stats channel every benchmarked server opens on stdin, so the bench can read the server's
 * own view without touching its protocol. The bench writes one command a line; the server answers
 * one line on stdout:
 *   "stats"  -> `stats {"eventLoopP99":ms,"eventLoopMax":ms,"heapUsed":bytes,"rss":bytes,"rooms":n}`
 *               (event-loop delay since the last reset; heap and RSS measured after global.gc()),
 *   "reset"  -> `reset ok` (restarts the event-loop delay histogram).
 * Plain JavaScript so the baselines (each in its own folder and process) can import it too.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';

/**
 * Opens the channel; `rooms` reports how many documents the server holds in memory.
 * @param {() => number} rooms
 */
export function openStatsChannel(rooms) {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const command = line.trim();
    if (command === 'reset') {
      histogram.reset();
      process.stdout.write('reset ok\n');
    } else if (command === 'stats') {
      const eventLoopP99 = histogram.percentile(99) / 1e6;
      const eventLoopMax = histogram.max / 1e6;
      // Twice: the first pass may only finalize objects the second one frees.
      globalThis.gc?.();
      globalThis.gc?.();
      const memory = process.memoryUsage();
      const stats = { eventLoopP99, eventLoopMax, heapUsed: memory.heapUsed, rss: memory.rss, rooms: rooms() };
      process.stdout.write(`stats ${JSON.stringify(stats)}\n`);
    }
  });
  // The bench closing our stdin means it is gone; do not outlive it.
  lines.on('close', () => process.exit(0));
}
