/**
 * A worker thread for history's heavy work (historyWork.ts): measuring a revision's change,
 * diffing two versions and rebuilding a version's document take hundreds of milliseconds on a
 * long page, which would stall every collaboration room of the server if done in its own thread.
 * Small jobs (under `inThreadBytes` of Yjs state, up to about 30 ms of work) run in the server's
 * thread, as a round trip to the worker would cost more; the worker starts on the first big job
 * and jobs queue in order. If it cannot start or dies, jobs run in the server's thread instead
 * (slower for everyone, but history keeps working), and that is logged.
 */
import { Worker } from 'node:worker_threads';
import type { Log } from '../collab/options.js';
import type { DiffResult } from './diff/index.js';
import { runHistoryJob, type Chain, type HistoryJob, type Measure } from './historyWork.js';
import type { AttributionRows } from './attributionStore.js';

/** Up to about 30 ms of work in the server's thread on a small machine (a 120 kB page takes about 250 ms to measure). */
export const IN_THREAD_BYTES = 16 * 1024;

const chainBytes = (chain: Chain) => chain.reduce((sum, link) => sum + link.length, 0);

/** The Yjs state a job works on, in bytes. */
function jobBytes(job: HistoryJob): number {
  return job.kind === 'doc' ? chainBytes(job.version) : chainBytes(job.older) + chainBytes(job.newer);
}

interface Waiting {
  job: HistoryJob;
  resolve(value: unknown): void;
  reject(err: Error): void;
}

/** One lazily started worker per server. */
export class HistoryThread {
  private worker: Worker | null = null;
  private broken = false;
  private closed = false;
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();

  constructor(
    private readonly log: Log,
    /** Jobs on less Yjs state than this run in the calling thread; Infinity: never use the worker. */
    private readonly inThreadBytes = IN_THREAD_BYTES,
  ) {}

  /** Words added and removed from `older` to `newer`, and the words at `newer`. */
  measure(older: Chain, newer: Chain): Promise<Measure> {
    return this.run({ kind: 'measure', older, newer }) as Promise<Measure>;
  }

  /** The attributed diff of two versions. */
  diff(older: Chain, newer: Chain, attribution: AttributionRows): Promise<DiffResult> {
    return this.run({ kind: 'diff', older, newer, attribution }) as Promise<DiffResult>;
  }

  /** A version's page as ProseMirror JSON. */
  doc(version: Chain): Promise<unknown> {
    return this.run({ kind: 'doc', version });
  }

  /** Stops the worker; jobs still waiting fail (a revision owed is taken at the next start instead). */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    const jobs = [...this.waiting.values()];
    this.waiting.clear();
    for (const { reject } of jobs) reject(new Error('The history thread was closed.'));
    if (worker) {
      worker.removeAllListeners();
      await worker.terminate();
    }
  }

  private run(job: HistoryJob): Promise<unknown> {
    const worker = jobBytes(job) < this.inThreadBytes ? null : this.ensureWorker();
    if (!worker) return Promise.resolve().then(() => runHistoryJob(job));
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.waiting.set(id, { job, resolve, reject });
      // Busy, the worker keeps the process alive (a shutdown waits for its revisions); idle, it does not.
      if (this.waiting.size === 1) worker.ref();
      worker.postMessage({ id, job });
    });
  }

  private ensureWorker(): Worker | null {
    if (this.worker) return this.worker;
    if (this.broken || this.closed) return null;
    try {
      const worker = new Worker(new URL('./historyWorker.mjs', import.meta.url));
      // An idle worker must not keep a stopping process alive.
      worker.unref();
      worker.on('message', ({ id, ok, result, error }: { id: number; ok: boolean; result?: unknown; error?: string }) => {
        const waiting = this.waiting.get(id);
        if (!waiting) return;
        this.waiting.delete(id);
        if (this.waiting.size === 0) worker.unref();
        if (ok) waiting.resolve(result);
        else waiting.reject(new Error(error));
      });
      worker.on('error', (err) => this.fail(worker, err));
      worker.on('exit', (code) => this.fail(worker, new Error(`the history worker exited with code ${code}`)));
      this.worker = worker;
      return worker;
    } catch (err) {
      this.fail(null, err);
      return null;
    }
  }

  private fail(worker: Worker | null, err: unknown): void {
    if (this.closed || (worker && worker !== this.worker)) return;
    this.log('history: the worker thread failed; working in the server thread instead', err);
    this.broken = true;
    this.worker = null;
    this.runWaitingHere();
  }

  private runWaitingHere(): void {
    const jobs = [...this.waiting.values()];
    this.waiting.clear();
    for (const { job, resolve, reject } of jobs) {
      try {
        resolve(runHistoryJob(job));
      } catch (err) {
        reject(err as Error);
      }
    }
  }
}
