/**
 * npm run bench: load scenarios against Quire and baselines started as separate processes,
 * interleaved and repeated, printing medians and the ratio of Quire to each baseline.
 *
 * Scenario "readers": one typist at 20 edits/s and N readers on one page; latency is measured from
 * the marker in each update, from send to every receiver.
 * Options: --readers=10,50,200,500 --seconds=5 --repeats=3
 */
import { setTimeout as delay } from 'node:timers/promises';
import { cpus } from 'node:os';
import type WebSocket from 'ws';
import { MarkerClock, Typist, connectReader } from './load/yclient.js';
import { startEchoRelay, startQuire, cpuSeconds, rssBytes, type RunningServer } from './load/processes.js';

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const readerCounts = (args.get('readers') ?? '10,50,200,500').split(',').map(Number);
const seconds = Number(args.get('seconds') ?? 5);
const repeats = Number(args.get('repeats') ?? 3);
const EDITS_PER_SECOND = 20;

interface Result {
  delivered: number;
  p50: number;
  p99: number;
  max: number;
  cpuMsPerEdit: number;
  rssMb: number;
}

const quantile = (sorted: number[], q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN);
const median = (xs: number[]) => quantile([...xs].sort((a, b) => a - b), 0.5);

async function runReaders(server: RunningServer, readers: number): Promise<Result> {
  const clock = new MarkerClock();
  const target = { base: server.base, room: server.rooms[0], cookie: server.cookie };
  const sockets: WebSocket[] = [];
  for (let i = 0; i < readers; i++) sockets.push(await connectReader(target, clock));
  const typist = await Typist.connect(target, clock, server.name !== 'echo');
  sockets.push(typist.ws);
  await delay(300);
  const cpuBefore = cpuSeconds(server.child.pid!);
  const edits = seconds * EDITS_PER_SECOND;
  const start = performance.now();
  for (let i = 0; i < edits; i++) {
    typist.type();
    const next = start + ((i + 1) * 1000) / EDITS_PER_SECOND;
    await delay(Math.max(0, next - performance.now()));
  }
  const expected = edits * readers;
  const deadline = performance.now() + 3000;
  while (clock.received < expected && performance.now() < deadline) await delay(20);
  const cpuMs = (cpuSeconds(server.child.pid!) - cpuBefore) * 1000;
  const rss = rssBytes(server.child.pid!);
  for (const ws of sockets) ws.terminate();
  const sorted = clock.latencies.sort((a, b) => a - b);
  return { delivered: clock.received / expected, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), max: sorted[sorted.length - 1] ?? NaN, cpuMsPerEdit: cpuMs / edits, rssMb: rss / 2 ** 20 };
}

const starters: Record<string, () => Promise<RunningServer>> = { quire: () => startQuire(), echo: () => startEchoRelay() };

async function main() {
  console.log(`Quire bench: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}`);
  console.log(`Scenario readers: 1 typist at ${EDITS_PER_SECOND} edits/s for ${seconds} s, ${repeats} interleaved repeats, medians\n`);
  const rows: string[] = ['| readers | server | delivered | p50 ms | p99 ms | max ms | server CPU ms/edit | RSS MB | p99 ratio quire/echo |', '|---|---|---|---|---|---|---|---|---|'];
  for (const readers of readerCounts) {
    const results: Record<string, Result[]> = { quire: [], echo: [] };
    for (let r = 0; r < repeats; r++) {
      for (const name of r % 2 ? ['echo', 'quire'] : ['quire', 'echo']) {
        const server = await starters[name]();
        try {
          results[name].push(await runReaders(server, readers));
        } finally {
          await server.stop();
        }
      }
    }
    const med = (name: string, key: keyof Result) => median(results[name].map((x) => x[key]));
    for (const name of ['quire', 'echo']) {
      const ratio = name === 'quire' ? (med('quire', 'p99') / med('echo', 'p99')).toFixed(2) : '';
      rows.push(`| ${readers} | ${name} | ${(med(name, 'delivered') * 100).toFixed(1)}% | ${med(name, 'p50').toFixed(1)} | ${med(name, 'p99').toFixed(1)} | ${med(name, 'max').toFixed(1)} | ${med(name, 'cpuMsPerEdit').toFixed(2)} | ${med(name, 'rssMb').toFixed(0)} | ${ratio} |`);
    }
    console.log(rows.slice(-2).join('\n'));
  }
  console.log('\n' + rows.join('\n'));
}

await main();
