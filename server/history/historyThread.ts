/**
 * A worker thread for history's heavy work (historyWork.ts): measuring a revision's change,
 * diffing two versions and rebuilding a version's document take hundreds of milliseconds on a
 * long page, which would stall every collaboration room of the server if done in its own thread.
 * Small jobs (under `inThreadBytes` of Yjs state, up to about 30 ms of work) run in the server's
 * thread, as a round trip to the worker would cost more; the worker starts on the first big job
 * and jobs queue in order. If it cannot start, jobs run in the server's thread instead (slower for
 * everyone, but history keeps working); jobs it held when it died run here too, and the next big
 * job starts a fresh worker. Both are logged. The worker itself is a WorkerThread (server/workers).
 */
import type { Log } from '../collab/options.js';
import type { DiffResult } from './diff/index.js';
import { runHistoryJob, type Chain, type HistoryJob, type Measure } from './historyWork.js';
import type { AttributionRows } from './attributionStore.js';
import { WorkerThread } from '../workers/workerThread.js';

/** Up to about 30 ms of work in the server's thread on a small machine (a 120 kB page takes about 250 ms to measure). */
export const IN_THREAD_BYTES = 16 * 1024;

const chainBytes = (chain: Chain) => chain.reduce((sum, link) => sum + link.length, 0);

/** The Yjs state a job works on, in bytes. */
function jobBytes(job: HistoryJob): number {
  return job.kind === 'doc' ? chainBytes(job.version) : chainBytes(job.older) + chainBytes(job.newer);
}

/** One lazily started worker per server. */
export class HistoryThread {
  private readonly thread: WorkerThread<HistoryJob, unknown>;

  constructor(
    log: Log,
    /** Jobs on less Yjs state than this run in the calling thread; Infinity: never use the worker. */
    private readonly inThreadBytes = IN_THREAD_BYTES,
  ) {
    this.thread = new WorkerThread<HistoryJob, unknown>({ name: 'history', entry: new URL('./historyWorker.ts', import.meta.url), log, inThread: runHistoryJob });
  }

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
  close(): Promise<void> {
    return this.thread.close();
  }

  private run(job: HistoryJob): Promise<unknown> {
    if (jobBytes(job) < this.inThreadBytes) return Promise.resolve().then(() => runHistoryJob(job));
    // The chains are copied to the worker, not transferred: the caller still holds them.
    return this.thread.run(job);
  }
}
