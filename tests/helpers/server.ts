/**
 * Starting a real Quire server for tests: in this process (fast, port 0) or as a child process
 * (for kill -9 and SIGTERM), each with its own SQLite file in a fresh temporary folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { openDatabase, type Db } from '../../server/store/database.js';
import { readConfig, type Config } from '../../server/config.js';
import { createApp, type QuireApp } from '../../server/app.js';

export const ROOT = resolve(import.meta.dirname, '../..');

/** A fresh temporary data folder; removed by the returned cleanup. */
export function tempDataDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'quire-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TestServer {
  url: string;
  wsUrl: string;
  port: number;
  db: Db;
  config: Config;
  quire: QuireApp;
  dataDir: string;
  /** Closes the server and database; keeps the data folder unless `remove` is true. */
  stop(remove?: boolean): Promise<void>;
}

/** Starts Quire in this process on 127.0.0.1, port 0 unless given, using dataDir (a new temp folder by default). */
export async function startServer(options: { dataDir?: string; port?: number; config?: Partial<Config> } = {}): Promise<TestServer> {
  const temp = options.dataDir ? undefined : tempDataDir();
  const dataDir = options.dataDir ?? temp!.dir;
  // Every test signs people up from 127.0.0.1, so the per-address limits are off unless a test sets them.
  const config = readConfig(
    { QUIRE_DATA_DIR: dataDir },
    { port: options.port ?? 0, host: '127.0.0.1', clientDir: join(ROOT, 'dist/client'), signinRateLimit: 0, signupRateLimit: 0, ...options.config },
  );
  const db = openDatabase(config.dbFile);
  const quire = createApp({ db, config, log: () => {} });
  await new Promise<void>((res, rej) => {
    quire.server.once('error', rej);
    quire.server.listen(config.port, '127.0.0.1', () => res());
  });
  const port = (quire.server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    port,
    db,
    config,
    quire,
    dataDir,
    async stop(remove = true) {
      await quire.close();
      db.close();
      if (remove) temp?.cleanup();
    },
  };
}

export interface ServerProcess {
  url: string;
  wsUrl: string;
  port: number;
  child: ChildProcess;
  /** Resolves with the exit code and signal once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output: () => string;
}

/** Starts `server/main.ts` as a child process (real signals, real crashes) and waits until it listens. */
export async function startServerProcess(options: { dataDir: string; port?: number; env?: NodeJS.ProcessEnv }): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, QUIRE_DATA_DIR: options.dataDir, PORT: String(options.port ?? 0), QUIRE_HOST: '127.0.0.1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => child.once('exit', (code, signal) => res({ code, signal })));
  const port = await new Promise<number>((res, rej) => {
    const onData = () => {
      const m = /serving on http:\/\/[^:]+:(\d+)/.exec(out);
      if (m) {
        child.stdout!.off('data', onData);
        res(Number(m[1]));
      }
    };
    child.stdout!.on('data', onData);
    void exited.then(({ code, signal }) => rej(new Error(`Quire exited (${code ?? signal}) before listening:\n${out}`)));
  });
  return { url: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}`, port, child, exited, output: () => out };
}

/** Ends a server child process with SIGKILL if it is still running, and waits for it (test clean-up). */
export async function killIfRunning(server: ServerProcess | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill('SIGKILL');
  await server.exited;
}
