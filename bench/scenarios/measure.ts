/** What every scenario records about the server around a measured stretch of load. */
import { setTimeout as delay } from 'node:timers/promises';
import type WebSocket from 'ws';
import { cpuSeconds, diskWriteBytes, type RunningServer } from '../load/processes.js';
import type { MarkerClock } from '../load/yclient.js';

/** One measurement: metric name -> value (NaN where it does not apply). */
export type Metrics = Record<string, number>;

/** Settings shared by every scenario. */
export interface Settings {
  quick: boolean;
  /** Seconds of typing in the latency scenarios. */
  seconds: number;
}

/** A scenario run against one server: its variants (e.g. "500 readers") and their metrics. */
export type ScenarioRun = (server: RunningServer, settings: Settings) => Promise<{ variant: string; metrics: Metrics }[]>;

/** Starts a measured stretch: resets the event-loop histogram and reads CPU and disk counters. */
export async function startMeasure(server: RunningServer) {
  await server.resetStats();
  const pid = server.child.pid!;
  const cpu = cpuSeconds(pid);
  const disk = diskWriteBytes(pid);
  const clientCpu = process.cpuUsage();
  const wallStart = performance.now();
  return {
    /** CPU ms per edit, event-loop p99/max, heap and RSS after GC, disk bytes per edit, and how busy the load process was. */
    async finish(edits: number): Promise<Metrics> {
      const cpuMs = (cpuSeconds(pid) - cpu) * 1000;
      const written = diskWriteBytes(pid) - disk;
      const client = process.cpuUsage(clientCpu);
      const clientCpuPct = ((client.user + client.system) / 1000 / (performance.now() - wallStart)) * 100;
      const stats = await server.stats();
      return {
        clientCpuPct,
        cpuMsPerEdit: cpuMs / edits,
        eventLoopP99: stats.eventLoopP99,
        eventLoopMax: stats.eventLoopMax,
        heapMb: stats.heapUsed / 2 ** 20,
        rssMb: stats.rss / 2 ** 20,
        diskBytesPerEdit: written / edits,
      };
    },
  };
}

const quantile = (sorted: number[], q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN);

/** Waits until every expected delivery arrived or `graceMs` passed; returns delivered fraction and latency quantiles. */
export async function collect(clock: MarkerClock, expected: number, graceMs = 3000): Promise<Metrics> {
  const deadline = performance.now() + graceMs;
  while (clock.received < expected && performance.now() < deadline) await delay(20);
  const sorted = clock.latencies.sort((a, b) => a - b);
  return { delivered: clock.received / expected, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), max: sorted[sorted.length - 1] ?? NaN };
}

/** Closes sockets and waits for their close to reach the server side. */
export async function closeAll(sockets: WebSocket[]): Promise<void> {
  for (const ws of sockets) ws.close();
  await delay(200);
  for (const ws of sockets) ws.terminate();
}
