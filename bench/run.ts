/**
 * npm run bench: the load scenarios of issue 3 against Quire and its baselines (Hocuspocus 4,
 * the y-websocket 2.1 reference server, and a plain ws echo relay), each server its own process,
 * started fresh for every scenario and repeat, in an order that rotates between repeats. Prints one
 * markdown table per scenario with medians over the repeats, the ratio of Quire to each baseline,
 * and whether each target holds; writes every raw figure to .tmp/bench-results.json.
 *
 * Options: --scenario=readers,typists,pages,idle,bigpage,disk,history,confidentiality,dashboard,export,exportdocx,exportpdf,search (default: all)
 *          --servers=quire,hocuspocus,y-websocket2,echo   --repeats=3   --quick (short runs)
 *          --seconds=N (typing time of the latency scenarios)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { ROOT, pinBench, startServer, type ServerName, type StartOptions } from './load/processes.js';
import type { Metrics, ScenarioRun, Settings } from './scenarios/measure.js';
import { runReaders, READER_COUNTS } from './scenarios/readers.js';
import { runTypists, TYPIST_COUNTS } from './scenarios/typists.js';
import { runPages, pageContent, PAGES } from './scenarios/pages.js';
import { runIdle } from './scenarios/idle.js';
import { runBigPage, bigPageContent } from './scenarios/bigPage.js';
import { runDiskWrites } from './scenarios/diskWrites.js';
import { historyStorageTable, runHistoryStorage } from './scenarios/historyStorage.js';
import { confidentialityScanTable, runConfidentialityScan } from './scenarios/confidentialityScan.js';
import { dashboardBenchTable, runDashboardBench } from './scenarios/dashboard.js';
import { exportBenchTable, runExportBench } from './scenarios/exportHtml.js';
import { docxBenchTable, runDocxBench } from './scenarios/exportDocx.js';
import { pdfBenchTable, runPdfBench } from './scenarios/exportPdf.js';
import { runSearchBench, searchBenchTable } from './scenarios/search.js';

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const quick = args.has('quick');
const repeats = Number(args.get('repeats') ?? 3);
const settings: Settings = { quick, seconds: Number(args.get('seconds') ?? (quick ? 3 : 10)) };
const pagesWait = quick ? 15 : 60;
const diskSeconds = quick ? 15 : 60;
const onlyServers = args.get('servers')?.split(',');

type Format = (x: number) => string;
const ms: Format = (x) => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');
const pct: Format = (x) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : 'n/a');
const num = (digits: number): Format => (x) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

interface Target {
  label: string;
  holds(quire: (variant: string, metric: string) => number, hocuspocus: (variant: string, metric: string) => number): boolean;
  figures(quire: (variant: string, metric: string) => number): string;
}

interface Scenario {
  name: string;
  title: string;
  servers: ServerName[];
  start: (server: ServerName) => StartOptions;
  run: ScenarioRun;
  columns: [metric: string, label: string, format: Format][];
  /** The metric the ratio columns compare (lower is better). */
  ratioOf: string;
  targets: Target[];
}

const ALL: ServerName[] = ['quire', 'hocuspocus', 'y-websocket2', 'echo'];
const LATENCY_COLUMNS: Scenario['columns'] = [
  ['delivered', 'delivered', pct],
  ['p50', 'p50 ms', ms],
  ['p99', 'p99 ms', ms],
  ['max', 'max ms', ms],
  ['cpuMsPerEdit', 'server CPU ms/edit', num(2)],
  ['eventLoopP99', 'event-loop p99 ms', ms],
  ['rssMb', 'RSS MB (after GC)', num(0)],
  ['heapMb', 'heap MB (after GC)', num(0)],
  ['diskBytesPerEdit', 'disk B/edit', num(0)],
  ['clientCpuPct', 'load process CPU %', num(0)],
];

const scenarios: Scenario[] = [
  {
    name: 'readers',
    title: `1. One typist at 20 edits/s, ${READER_COUNTS.join(' / ')} readers, ${settings.seconds} s each`,
    servers: ALL,
    start: () => ({ rooms: READER_COUNTS.length }),
    run: runReaders,
    columns: LATENCY_COLUMNS,
    ratioOf: 'p99',
    targets: [{ label: 'p99 <= 25 ms at 500 readers', holds: (q) => q('500 readers', 'p99') <= 25 && q('500 readers', 'delivered') === 1, figures: (q) => `p99 ${ms(q('500 readers', 'p99'))} ms, delivered ${pct(q('500 readers', 'delivered'))}` }],
  },
  {
    name: 'typists',
    title: `2. 500 clients on one page, ${TYPIST_COUNTS.join(' / ')} of them typing at 5 edits/s, ${settings.seconds} s each`,
    servers: ALL,
    start: () => ({ rooms: TYPIST_COUNTS.length }),
    run: runTypists,
    columns: LATENCY_COLUMNS,
    ratioOf: 'p99',
    targets: [
      {
        label: '50 typists: all delivered, p99 <= 50 ms, p99 no worse than Hocuspocus',
        holds: (q, h) => q('50 typists', 'delivered') === 1 && q('50 typists', 'p99') <= 50 && !(q('50 typists', 'p99') > h('50 typists', 'p99')),
        figures: (q) => `delivered ${pct(q('50 typists', 'delivered'))}, p99 ${ms(q('50 typists', 'p99'))} ms`,
      },
    ],
  },
  {
    name: 'pages',
    title: `3. ${PAGES} pages of 20,000 characters opened (one client each), then closed; residency checked for ${pagesWait} s${quick ? ' (--quick: 15 s instead of 60 s)' : ''}`,
    servers: ['quire', 'hocuspocus', 'y-websocket2'],
    start: (name) => ({ rooms: PAGES, content: pageContent(), persist: name === 'hocuspocus' }),
    run: runPages(pagesWait),
    columns: [
      ['residentRooms', 'resident pages', num(0)],
      ['heapKbPerPage', 'heap kB/page', num(1)],
      ['rssKbPerPage', 'RSS kB/page', num(1)],
      ['unloadS', 's until none resident', num(1)],
      ['roomsAfterWait', `pages resident after ${pagesWait} s`, num(0)],
      ['heapMbAfterWait', 'heap MB after', num(0)],
      ['rssMbAfterWait', 'RSS MB after', num(0)],
    ],
    ratioOf: 'heapKbPerPage',
    targets: [
      { label: '<= 300 kB per resident page (RSS and heap)', holds: (q) => Math.max(q(VARIANT_PAGES, 'rssKbPerPage'), q(VARIANT_PAGES, 'heapKbPerPage')) <= 300, figures: (q) => `heap ${num(1)(q(VARIANT_PAGES, 'heapKbPerPage'))} kB, RSS ${num(1)(q(VARIANT_PAGES, 'rssKbPerPage'))} kB per page` },
      { label: `none resident ${pagesWait} s after the last client left`, holds: (q) => q(VARIANT_PAGES, 'roomsAfterWait') === 0, figures: (q) => `${num(0)(q(VARIANT_PAGES, 'roomsAfterWait'))} resident, all gone after ${num(1)(q(VARIANT_PAGES, 'unloadS'))} s` },
    ],
  },
  {
    name: 'idle',
    title: '4. 1,000 idle connections on one page',
    servers: ALL,
    start: () => ({ rooms: 1 }),
    run: runIdle,
    columns: [
      ['heapKbPerConnection', 'heap kB/connection', num(1)],
      ['rssKbPerConnection', 'RSS kB/connection', num(1)],
      ['heapMb', 'heap MB', num(0)],
      ['rssMb', 'RSS MB', num(0)],
    ],
    ratioOf: 'rssKbPerConnection',
    targets: [{ label: '<= 20 kB per idle connection (RSS and heap)', holds: (q) => Math.max(q(VARIANT_IDLE, 'rssKbPerConnection'), q(VARIANT_IDLE, 'heapKbPerConnection')) <= 20, figures: (q) => `heap ${num(1)(q(VARIANT_IDLE, 'heapKbPerConnection'))} kB, RSS ${num(1)(q(VARIANT_IDLE, 'rssKbPerConnection'))} kB` }],
  },
  {
    name: 'bigpage',
    title: '5. A 300,000-character page: cold open, warm join, 200 clients rejoining at once',
    servers: ['quire', 'hocuspocus', 'y-websocket2'],
    start: (name) => ({ rooms: 1, content: bigPageContent(), persist: name === 'hocuspocus' }),
    run: runBigPage,
    columns: [
      ['coldOpenMs', 'cold open ms', ms],
      ['warmSyncMs', 'warm join ms', ms],
      ['rejoinSynced', 'rejoin synced', pct],
      ['rejoinAllMs', 'rejoin (has page) all synced ms', ms],
      ['rejoinEventLoopP99', 'its event-loop p99 ms', ms],
      ['rejoinEmptyAllMs', 'rejoin (empty) all synced ms', ms],
      ['rejoinEmptyEventLoopP99', 'its event-loop p99 ms', ms],
      ['heapMb', 'heap MB', num(0)],
      ['rssMb', 'RSS MB', num(0)],
    ],
    ratioOf: 'rejoinAllMs',
    targets: [
      { label: 'cold open from SQLite <= 250 ms', holds: (q) => q(VARIANT_BIG, 'coldOpenMs') <= 250, figures: (q) => `${ms(q(VARIANT_BIG, 'coldOpenMs'))} ms` },
      { label: 'new client on the loaded page synced <= 60 ms', holds: (q) => q(VARIANT_BIG, 'warmSyncMs') <= 60, figures: (q) => `${ms(q(VARIANT_BIG, 'warmSyncMs'))} ms` },
      {
        label: '200 rejoining at once: all synced within 3 s, event-loop p99 <= 100 ms (both bursts)',
        holds: (q) => Math.max(q(VARIANT_BIG, 'rejoinAllMs'), q(VARIANT_BIG, 'rejoinEmptyAllMs')) <= 3000 && Math.max(q(VARIANT_BIG, 'rejoinEventLoopP99'), q(VARIANT_BIG, 'rejoinEmptyEventLoopP99')) <= 100,
        figures: (q) => `has page: ${ms(q(VARIANT_BIG, 'rejoinAllMs'))} ms, p99 ${ms(q(VARIANT_BIG, 'rejoinEventLoopP99'))} ms; empty: ${ms(q(VARIANT_BIG, 'rejoinEmptyAllMs'))} ms, p99 ${ms(q(VARIANT_BIG, 'rejoinEmptyEventLoopP99'))} ms`,
      },
    ],
  },
  {
    name: 'disk',
    title: `6. ${diskSeconds} s of typing (10 typists x 5 edits/s) on one page${quick ? ' (--quick: 15 s instead of 60 s)' : ''}; y-websocket 2 and the echo relay store nothing`,
    servers: ['quire', 'hocuspocus'],
    start: (name) => ({ rooms: 1, persist: name === 'hocuspocus' }),
    run: runDiskWrites(diskSeconds),
    columns: [
      ['delivered', 'delivered', pct],
      ['p99', 'p99 ms', ms],
      ['updateBytes', 'update bytes', num(0)],
      ['writtenBytes', 'disk bytes written', num(0)],
      ['writtenPerUpdateByte', 'written / update bytes', num(1)],
      ['diskBytesPerEdit', 'disk B/edit', num(0)],
      ['fileGrowthBytes', 'db file growth B', num(0)],
      ['cpuMsPerEdit', 'server CPU ms/edit', num(2)],
    ],
    ratioOf: 'writtenPerUpdateByte',
    targets: [{ label: 'bytes written <= 5x the update bytes', holds: (q) => q(VARIANT_DISK, 'writtenPerUpdateByte') <= 5, figures: (q) => `${num(1)(q(VARIANT_DISK, 'writtenPerUpdateByte'))}x` }],
  },
];
const VARIANT_PAGES = `${PAGES} pages x 20000 chars`;
const VARIANT_IDLE = '1000 idle connections';
const VARIANT_BIG = '300000 chars';
const VARIANT_DISK = `10 typists x 5/s x ${diskSeconds} s`;

const median = (xs: number[]) => {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};

type Raw = Map<string, Map<ServerName, Metrics[]>>;

async function runScenario(s: Scenario): Promise<Raw> {
  const raw: Raw = new Map();
  const servers = s.servers.filter((n) => !onlyServers || onlyServers.includes(n));
  for (let r = 0; r < repeats; r++) {
    // Rotate the order so no server always runs first (or right after the same neighbour).
    const order = servers.map((_, i) => servers[(i + r) % servers.length]);
    for (const name of order) {
      const started = performance.now();
      const server = await startServer(name, s.start(name));
      try {
        for (const { variant, metrics } of await s.run(server, settings)) {
          if (!raw.has(variant)) raw.set(variant, new Map());
          const byServer = raw.get(variant)!;
          if (!byServer.has(name)) byServer.set(name, []);
          byServer.get(name)!.push(metrics);
        }
      } catch (err) {
        console.log(`  ${s.name} on ${name}, repeat ${r + 1}: failed: ${(err as Error).message}`);
      } finally {
        await server.stop();
      }
      console.log(`  ${s.name}: ${name} repeat ${r + 1}/${repeats} done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
  }
  return raw;
}

function report(s: Scenario, raw: Raw): string {
  const med = (variant: string, server: ServerName, metric: string) => median((raw.get(variant)?.get(server) ?? []).map((m) => m[metric] ?? NaN));
  const present = s.servers.filter((n) => [...raw.values()].some((m) => m.has(n)));
  const baselines = present.filter((n) => n !== 'quire');
  const header = ['variant', 'server', ...s.columns.map((c) => c[1]), ...baselines.map((b) => `${s.ratioOf} quire/${b}`)];
  const lines = [`### ${s.title}`, '', `| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const variant of raw.keys()) {
    for (const server of present) {
      const runs = raw.get(variant)?.get(server)?.length ?? 0;
      if (!runs) continue;
      const ratios = baselines.map((b) => (server === 'quire' ? num(2)(med(variant, 'quire', s.ratioOf) / med(variant, b, s.ratioOf)) : ''));
      lines.push(`| ${variant} | ${server} (${runs} runs) | ${s.columns.map(([m, , f]) => f(med(variant, server, m))).join(' | ')} | ${ratios.join(' | ')} |`);
    }
  }
  lines.push('');
  for (const t of s.targets) {
    const q = (variant: string, metric: string) => med(variant, 'quire', metric);
    const h = (variant: string, metric: string) => med(variant, 'hocuspocus', metric);
    lines.push(`- Target "${t.label}": ${t.holds(q, h) ? 'HOLDS' : 'FAILS'} (Quire: ${t.figures(q)})`);
  }
  return lines.join('\n');
}

async function main() {
  const pinning = pinBench();
  const inProcess = ['history', 'confidentiality', 'dashboard', 'export', 'exportdocx', 'exportpdf', 'search'];
  const chosen = (args.get('scenario') ?? [...scenarios.map((s) => s.name), ...inProcess].join(',')).split(',');
  const unknown = chosen.filter((c) => !inProcess.includes(c) && !scenarios.some((s) => s.name === c));
  if (unknown.length) throw new Error(`Unknown scenario ${unknown.join(', ')}; choose from ${[...scenarios.map((s) => s.name), ...inProcess].join(', ')}.`);
  console.log(`Quire bench: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}; ${pinning}`);
  console.log(`Load average at start: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log(`${repeats} repeats per server, servers restarted and interleaved; medians${quick ? '; --quick (short durations)' : ''}\n`);
  const out: string[] = [];
  const rawAll: Record<string, unknown> = {};
  for (const s of scenarios.filter((x) => chosen.includes(x.name))) {
    console.log(`Scenario ${s.name}...`);
    const raw = await runScenario(s);
    rawAll[s.name] = Object.fromEntries([...raw].map(([v, m]) => [v, Object.fromEntries(m)]));
    const table = report(s, raw);
    console.log('\n' + table + '\n');
    out.push(table);
  }
  if (chosen.includes('history')) {
    // In this process, on a simulated clock: storage, not latency, so no server or baseline.
    console.log('Scenario history...');
    const history = await runHistoryStorage({ quick });
    rawAll.history = history;
    const table = historyStorageTable(history);
    console.log('\n' + table + '\n');
    out.push(table);
  }
  if (chosen.includes('confidentiality')) {
    // In this process: how long a big paper's scan takes and how long it holds the event loop.
    console.log('Scenario confidentiality...');
    const scan = await runConfidentialityScan({ quick, repeats });
    rawAll.confidentiality = scan;
    const table = confidentialityScanTable(scan);
    console.log('\n' + table + '\n');
    out.push(table);
  }
  if (chosen.includes('dashboard')) {
    // In this process: a 50-chapter paper's dashboard, cold, warm and after one chapter's edit.
    console.log('Scenario dashboard...');
    const dashboard = await runDashboardBench({ quick, repeats });
    rawAll.dashboard = dashboard;
    const table = dashboardBenchTable(dashboard);
    console.log('\n' + table + '\n');
    out.push(table);
  }
  if (chosen.includes('export')) {
    // In this process: a 50-chapter paper assembled and written as HTML and Markdown.
    console.log('Scenario export...');
    const exported = await runExportBench({ quick, repeats });
    rawAll.export = exported;
    const table = exportBenchTable(exported);
    console.log('\n' + table + '\n');
    out.push(table);
  }
  if (chosen.includes('exportdocx')) {
    // In this process: the same 50-chapter paper assembled and written as DOCX, against the 1 s target.
    console.log('Scenario exportdocx...');
    const docx = await runDocxBench({ quick, repeats });
    rawAll.exportdocx = docx;
    const table = docxBenchTable(docx);
    console.log('\n' + table + '\n');
    out.push(table);
  }
  if (chosen.includes('exportpdf')) {
    // In this process: the same 50-chapter paper assembled and written as PDF, against the 3 s target.
    console.log('Scenario exportpdf...');
    const pdf = await runPdfBench({ quick, repeats });
    rawAll.exportpdf = pdf;
    const table = pdfBenchTable(pdf);
    console.log('\n' + table + '\n');
    out.push(table);
  }
  if (chosen.includes('search')) {
    // In this process: 10,000 pages of 1,000 words indexed, then queries and index updates timed against a LIKE scan.
    console.log('Scenario search...');
    const search = await runSearchBench({ quick });
    rawAll.search = search;
    const table = searchBenchTable(search);
    console.log('\n' + table + '\n');
    out.push(table);
  }
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  writeFileSync(join(ROOT, '.tmp/bench-results.json'), JSON.stringify({ quick, repeats, settings, results: rawAll }, null, 1));
  console.log(`Load average at end: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log('\n## All results\n\n' + out.join('\n\n'));
}

await main();
process.exit(0);
