/** Starting the servers under test as child processes, and reading their CPU time and memory from /proc. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { seedDataDir, type Seeded } from './seed.js';

export const ROOT = resolve(import.meta.dirname, '../..');
const CLOCK_TICKS = 100;

export interface RunningServer {
  name: string;
  base: string;
  rooms: string[];
  cookie?: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

function waitForListening(child: ChildProcess, name: string): Promise<number> {
  return new Promise((resolvePort, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d;
      const m = /serving on http:\/\/[^:]+:(\d+)/.exec(out);
      if (m) resolvePort(Number(m[1]));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d) => (out += d));
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before listening:\n${out}`)));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** Starts Quire from server/main.ts on a fresh seeded data folder. */
export async function startQuire(pages = 1): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'quire-bench-'));
  const seeded: Seeded = seedDataDir(dataDir, pages);
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', QUIRE_DATA_DIR: dataDir, QUIRE_HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const port = await waitForListening(child, 'Quire');
  return {
    name: 'quire',
    base: `ws://127.0.0.1:${port}/collab`,
    rooms: seeded.pageIds,
    cookie: seeded.cookie,
    child,
    async stop() {
      await stopChild(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Starts the plain ws echo relay (no Yjs), the physical floor. */
export async function startEchoRelay(): Promise<RunningServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/servers/echoRelay.ts')], { cwd: ROOT, env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await waitForListening(child, 'echo relay');
  return { name: 'echo', base: `ws://127.0.0.1:${port}`, rooms: ['room-1'], child, stop: () => stopChild(child) };
}

/** CPU seconds (user + system) the process has used so far. */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** Resident set size of the process, in bytes. */
export function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}
