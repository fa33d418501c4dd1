/**
 * Starting the servers under test as child processes (pinned to CPU 0 when the machine has two or
 * more cores; the bench pins itself to CPU 1), talking to their stdin stats channel, and reading
 * their CPU time, memory and disk writes from /proc.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { seedDataDir } from './seed.js';
import { hocuspocusDialect, yWebsocketDialect, type Dialect } from './dialect.js';

export const ROOT = resolve(import.meta.dirname, '../..');
const CLOCK_TICKS = 100;
const SERVER_CPU = '0';
const CLIENT_CPU = '1';

export type ServerName = 'quire' | 'hocuspocus' | 'y-websocket2' | 'echo';

/** What the server says about itself over the stats channel. */
export interface ServerStats {
  eventLoopP99: number;
  eventLoopMax: number;
  heapUsed: number;
  rss: number;
  rooms: number;
}

/** How to start a server: how many rooms, their initial content, and whether it persists. */
export interface StartOptions {
  rooms?: number;
  /** Initial Yjs state of every room, where the server can load it from storage (Quire, Hocuspocus with SQLite). */
  content?: Uint8Array;
  /** Hocuspocus: store documents with @hocuspocus/extension-sqlite. Quire always stores. */
  persist?: boolean;
}

export interface RunningServer {
  name: ServerName;
  base: string;
  dialect: Dialect;
  rooms: string[];
  cookie?: string;
  /** Whether the rooms already hold `content` in storage. */
  seeded: boolean;
  /** Files whose growth is the server's storage (for the record next to /proc write_bytes). */
  files: string[];
  child: ChildProcess;
  stats(): Promise<ServerStats>;
  resetStats(): Promise<void>;
  stop(): Promise<void>;
}

let pinned = false;
/** Pins the bench process to CPU 1 (servers go on CPU 0); returns a sentence saying what was done. */
export function pinBench(): string {
  if (cpus().length < 2) return 'not pinned (fewer than 2 cores)';
  try {
    execFileSync('taskset', ['-a', '-p', '-c', CLIENT_CPU, String(process.pid)], { stdio: 'ignore' });
    pinned = true;
    return `servers pinned to CPU ${SERVER_CPU}, load clients (this process) to CPU ${CLIENT_CPU} with taskset`;
  } catch {
    return 'not pinned (taskset failed)';
  }
}

/** Installs a baseline's dependencies on first use. */
export function ensureBaseline(name: 'hocuspocus' | 'y-websocket2'): void {
  const dir = join(ROOT, 'bench/baselines', name);
  if (existsSync(join(dir, 'node_modules'))) return;
  console.log(`Installing the ${name} baseline's dependencies into bench/baselines/${name} (first use; Hocuspocus compiles better-sqlite3 if no prebuilt binary downloads, which takes minutes)...`);
  execFileSync('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund'], { stdio: 'inherit', cwd: dir });
}

class StatsChannel {
  private waiting: { prefix: string; resolve: (line: string) => void }[] = [];
  private buffer = '';
  output = '';
  constructor(private readonly child: ChildProcess) {
    child.stdout!.on('data', (d: Buffer) => {
      this.buffer += d;
      let nl;
      while ((nl = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, nl);
        this.buffer = this.buffer.slice(nl + 1);
        const w = this.waiting[0];
        if (w && line.startsWith(w.prefix)) {
          this.waiting.shift();
          w.resolve(line.slice(w.prefix.length));
        } else if (this.output.length < 100_000) this.output += line + '\n';
      }
    });
    child.stderr!.on('data', (d: Buffer) => {
      if (this.output.length < 100_000) this.output += d;
    });
  }
  ask(command: string, prefix: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to "${command}"`)), 30_000);
      this.waiting.push({
        prefix,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
      this.child.stdin!.write(command + '\n');
    });
  }
}

/** The node flags `npm start` gives Quire (package.json's start script), so the bench measures what people run. */
function startScriptFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  return pkg.scripts.start.split(/\s+/).filter((arg) => arg.startsWith('--'));
}

function spawnServer(name: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): ChildProcess {
  // Quire runs with npm start's flags; BENCH_QUIRE_FLAGS replaces them for experiments.
  const quireFlags = process.env.BENCH_QUIRE_FLAGS !== undefined ? process.env.BENCH_QUIRE_FLAGS.split(' ').filter(Boolean) : startScriptFlags();
  const extra = name === 'quire' ? quireFlags : [];
  const node = [process.execPath, '--expose-gc', ...extra, ...(process.env.BENCH_CPU_PROF && name === 'quire' ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []), ...args];
  const [cmd, ...rest] = pinned ? ['taskset', '-c', SERVER_CPU, ...node] : node;
  return spawn(cmd, rest, { cwd, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
}

function waitForListening(child: ChildProcess, channel: StatsChannel, name: string): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const check = () => {
      const m = /serving on http:\/\/[^:]+:(\d+)/.exec(channel.output);
      if (m) {
        clearInterval(timer);
        resolvePort(Number(m[1]));
      }
    };
    const timer = setInterval(check, 20);
    child.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`${name} exited (${code}) before listening:\n${channel.output}`));
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

async function running(name: ServerName, child: ChildProcess, base: (port: number) => string, dialect: Dialect, rest: Pick<RunningServer, 'rooms' | 'cookie' | 'seeded' | 'files'>, cleanup: () => void): Promise<RunningServer> {
  const channel = new StatsChannel(child);
  const port = await waitForListening(child, channel, name);
  return {
    name,
    base: base(port),
    dialect,
    ...rest,
    child,
    stats: async () => JSON.parse(await channel.ask('stats', 'stats ')) as ServerStats,
    resetStats: async () => void (await channel.ask('reset', 'reset ok')),
    async stop() {
      await stopChild(child);
      cleanup();
    },
  };
}

const roomNames = (n: number) => Array.from({ length: n }, (_, i) => `bench-room-${i + 1}`);

/** Starts a server by name on a fresh data folder. */
export async function startServer(name: ServerName, options: StartOptions = {}): Promise<RunningServer> {
  const rooms = options.rooms ?? 1;
  if (name === 'quire') {
    const dataDir = mkdtempSync(join(tmpdir(), 'quire-bench-'));
    const seeded = seedDataDir(dataDir, rooms, options.content);
    const dbFile = join(dataDir, 'quire.sqlite');
    const child = spawnServer(name, ['--import', 'tsx', join(ROOT, 'bench/servers/quire.ts')], ROOT, { QUIRE_DATA_DIR: dataDir });
    return running(name, child, (port) => `ws://127.0.0.1:${port}/collab`, yWebsocketDialect, { rooms: seeded.pageIds, cookie: seeded.cookie, seeded: true, files: [dbFile, dbFile + '-wal'] }, () => rmSync(dataDir, { recursive: true, force: true }));
  }
  if (name === 'hocuspocus') {
    ensureBaseline('hocuspocus');
    const dir = join(ROOT, 'bench/baselines/hocuspocus');
    const dataDir = mkdtempSync(join(tmpdir(), 'hocuspocus-bench-'));
    const dbFile = join(dataDir, 'documents.sqlite');
    const names = roomNames(rooms);
    if (options.persist && options.content) {
      const db = new Database(dbFile);
      db.exec('CREATE TABLE IF NOT EXISTS "documents" ("name" varchar(255) NOT NULL, "data" blob NOT NULL, UNIQUE(name))');
      const insert = db.prepare('INSERT INTO documents (name, data) VALUES (?, ?)');
      db.transaction(() => names.forEach((n) => insert.run(n, Buffer.from(options.content!))))();
      db.close();
    }
    const child = spawnServer(name, ['server.mjs'], dir, options.persist ? { BENCH_SQLITE: dbFile } : {});
    return running(name, child, (port) => `ws://127.0.0.1:${port}`, hocuspocusDialect, { rooms: names, seeded: !!(options.persist && options.content), files: options.persist ? [dbFile, dbFile + '-journal'] : [] }, () => rmSync(dataDir, { recursive: true, force: true }));
  }
  if (name === 'y-websocket2') {
    ensureBaseline('y-websocket2');
    const child = spawnServer(name, ['server.mjs'], join(ROOT, 'bench/baselines/y-websocket2'), {});
    return running(name, child, (port) => `ws://127.0.0.1:${port}`, yWebsocketDialect, { rooms: roomNames(rooms), seeded: false, files: [] }, () => {});
  }
  const child = spawnServer(name, ['--import', 'tsx', join(ROOT, 'bench/servers/echoRelay.ts')], ROOT, {});
  return running(name, child, (port) => `ws://127.0.0.1:${port}`, yWebsocketDialect, { rooms: roomNames(rooms), seeded: false, files: [] }, () => {});
}

/** CPU seconds (user + system) the process has used so far. */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** Bytes the process caused to be written to storage so far (/proc/<pid>/io write_bytes), or NaN if unreadable. */
export function diskWriteBytes(pid: number): number {
  try {
    const m = /write_bytes:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/io`, 'utf8'));
    return m ? Number(m[1]) : NaN;
  } catch {
    return NaN;
  }
}

/** Total size of files that exist among these. */
export function filesBytes(files: string[]): number {
  return files.reduce((sum, f) => sum + (existsSync(f) ? statSync(f).size : 0), 0);
}
