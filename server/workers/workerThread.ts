/**
 * One worker thread for one kind of heavy work (history's diffs, export's PDF and DOCX writing,
 * import's conversion), so that work never stalls the collaboration rooms of the server's thread.
 * The worker is started on the first request from tsWorker.mjs, which registers tsx and then loads
 * the TypeScript entry module (that module answers with answerRequests, workerPort.ts); it says
 * when it is ready, and requests queue in order until then and after. Busy, the worker keeps the
 * process alive (a shutdown waits for its answers); idle, it does not.
 *
 * When it goes wrong:
 * - The worker cannot start (it stops before saying it is ready): from then on every request is
 *   done in the server's thread by `inThread` (slower for everyone, but the work still gets done),
 *   and that is logged.
 * - The worker stops after it started (a crash): each request it held is done in the server's thread
 *   if nothing of it was transferred, and fails with a sentence if its buffers went to the worker
 *   (the server's thread no longer holds them); the next request starts a fresh worker. Logged.
 * - A request's signal aborts: it is answered at once with the reason, and its late answer dropped.
 * - A request takes longer than `timeoutMs` in the worker (a file that makes a parser loop): it
 *   fails with `timedOut()`, and the worker is stopped as if it had crashed.
 * - close(): the worker stops; requests it held fail with a sentence, or are done here if
 *   `finishAtClose`; later requests are done in the server's thread.
 */
import { Worker, type TransferListItem } from 'node:worker_threads';

/** An error as it crosses from the worker: its sentence, and its HTTP status, code and fields when it has them. */
export interface WorkerError {
  message: string;
  status?: number;
  code?: string;
  fields?: Record<string, string>;
}

/** A request as posted to the worker. */
export interface WorkerRequest<Req> {
  id: number;
  request: Req;
}

/** What the worker posts back: that it is ready, or the answer to one request. */
export type WorkerMessage<Res> = { ready: true } | { id: number; ok: true; result: Res } | { id: number; ok: false; error: WorkerError };

/** How one kind of work runs in its worker, and what happens when the worker is not there. */
export interface WorkerThreadOptions<Req, Res> {
  /** What the work is called in logs and sentences ("history", "export", "import"). */
  name: string;
  /** The worker's TypeScript entry module, which calls answerRequests. */
  entry: URL;
  log: (...args: unknown[]) => void;
  /** Does a request in the server's thread (no worker, or it stopped holding nothing of the request); without it such requests fail with a sentence. */
  inThread?: (request: Req, signal?: AbortSignal) => Res | Promise<Res>;
  /** The error a request fails with when the worker answers with one (default: an Error with its sentence). */
  revive?: (error: WorkerError) => Error;
  /** The error a request fails with when the worker stops while holding its transferred buffers. */
  lost?: () => Error;
  /** Whether close() does the requests in flight in the server's thread instead of failing them. */
  finishAtClose?: boolean;
  /** Longest a request may take once posted before the worker is stopped (default: no limit). */
  timeoutMs?: number;
  /** The error a request fails with when it takes longer than `timeoutMs`. */
  timedOut?: () => Error;
}

interface Pending<Req, Res> {
  request: Req;
  transfer: TransferListItem[];
  /** True once posted to the worker (its transfer list went with it). */
  posted: boolean;
  signal?: AbortSignal;
  /** The timer of `timeoutMs`, once posted. */
  timer?: NodeJS.Timeout;
  resolve(value: Res): void;
  reject(err: unknown): void;
}

/** One lazily started worker thread, answering requests in order. */
export class WorkerThread<Req, Res> {
  private worker: Worker | null = null;
  private ready = false;
  /** The worker could not start: work in the server's thread from now on. */
  private broken = false;
  private closed = false;
  private nextId = 1;
  private readonly pending = new Map<number, Pending<Req, Res>>();

  constructor(private readonly options: WorkerThreadOptions<Req, Res>) {}

  /** Whether requests still go to a worker (false once it could not start, or after close()). */
  get usable(): boolean {
    return !this.broken && !this.closed;
  }

  /**
   * Does one request in the worker; `transfer` lists the buffers handed over (no longer usable
   * here once posted). Rejects with the signal's reason as soon as it aborts.
   */
  run(request: Req, { transfer = [], signal }: { transfer?: TransferListItem[]; signal?: AbortSignal } = {}): Promise<Res> {
    const worker = this.start();
    if (!worker) return this.here(request, signal);
    return new Promise<Res>((resolve, reject) => {
      const id = this.nextId++;
      const onAbort = () => {
        if (this.pending.delete(id)) this.idleCheck();
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const settle =
        <T>(fn: (value: T) => void) =>
        (value: T) => {
          signal?.removeEventListener('abort', onAbort);
          clearTimeout(entry.timer);
          fn(value);
        };
      const entry: Pending<Req, Res> = { request, transfer, posted: false, signal, resolve: settle(resolve), reject: settle(reject) };
      this.pending.set(id, entry);
      worker.ref();
      if (this.ready) this.post(worker, id, entry);
    });
  }

  /** Stops the worker (see the header for what happens to the requests it held). */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    if (worker) {
      worker.removeAllListeners();
      await worker.terminate();
    }
    this.orphan(this.options.finishAtClose ? null : () => new Error(`The ${this.options.name} thread was closed.`));
  }

  private start(): Worker | null {
    if (this.worker) return this.worker;
    if (this.broken || this.closed) return null;
    try {
      const worker = new Worker(new URL('./tsWorker.mjs', import.meta.url), { workerData: { entry: this.options.entry.href } });
      // An idle worker must not keep a stopping process alive.
      worker.unref();
      worker.on('message', (message: WorkerMessage<Res>) => this.answer(worker, message));
      worker.on('error', (err) => this.stopped(worker, err));
      worker.on('exit', (code) => this.stopped(worker, new Error(`the ${this.options.name} worker exited with code ${code}`)));
      this.worker = worker;
      this.ready = false;
      return worker;
    } catch (err) {
      this.stopped(null, err);
      return null;
    }
  }

  private answer(worker: Worker, message: WorkerMessage<Res>): void {
    if (worker !== this.worker) return;
    if ('ready' in message) {
      this.ready = true;
      for (const [id, entry] of this.pending) if (!entry.posted) this.post(worker, id, entry);
      return;
    }
    const entry = this.pending.get(message.id);
    if (!entry) return;
    this.pending.delete(message.id);
    this.idleCheck();
    if (message.ok) entry.resolve(message.result);
    else entry.reject(this.options.revive ? this.options.revive(message.error) : new Error(message.error.message));
  }

  private post(worker: Worker, id: number, entry: Pending<Req, Res>): void {
    entry.posted = true;
    const { timeoutMs } = this.options;
    if (timeoutMs !== undefined) {
      entry.timer = setTimeout(() => this.tooLong(worker, id), timeoutMs);
      entry.timer.unref();
    }
    const message: WorkerRequest<Req> = { id, request: entry.request };
    try {
      worker.postMessage(message, entry.transfer);
    } catch (err) {
      // The request could not be cloned: nothing was sent or transferred.
      this.pending.delete(id);
      this.idleCheck();
      entry.reject(err);
    }
  }

  /** Fails a request that took too long and stops its worker (the others it held are orphaned as in a crash). */
  private tooLong(worker: Worker, id: number): void {
    const entry = this.pending.get(id);
    if (!entry || worker !== this.worker) return;
    this.pending.delete(id);
    entry.reject(this.options.timedOut?.() ?? new Error(`The ${this.options.name} job took too long and was stopped.`));
    this.options.log(`${this.options.name}: a job took longer than ${this.options.timeoutMs} ms; stopping the worker thread`);
    // Let go of it now, so the next request goes to a fresh worker rather than the one being stopped.
    this.stopped(worker, new Error('it was stopped after a job took too long'));
    void worker.terminate();
  }

  private idleCheck(): void {
    if (this.pending.size === 0) this.worker?.unref();
  }

  private stopped(worker: Worker | null, err: unknown): void {
    if (this.closed || (worker && worker !== this.worker)) return;
    const { name } = this.options;
    if (worker && this.ready) {
      this.options.log(`${name}: the worker thread stopped; its jobs without transferred data are done in the server thread, and a new worker starts for the next job`, err);
    } else {
      this.options.log(`${name}: the worker thread could not start; working in the server thread instead`, err);
      this.broken = true;
    }
    this.worker = null;
    this.ready = false;
    this.orphan(null);
  }

  /** Settles every request the worker held: each fails with `fail()` if given, else is done here unless its buffers went over. */
  private orphan(fail: (() => Error) | null): void {
    const entries = [...this.pending.values()];
    this.pending.clear();
    for (const entry of entries) {
      if (entry.posted && entry.transfer.length > 0) entry.reject(this.options.lost?.() ?? new Error(`The ${this.options.name} worker stopped while it held this job's data; try again.`));
      else if (fail) entry.reject(fail());
      else this.here(entry.request, entry.signal).then(entry.resolve, entry.reject);
    }
  }

  private here(request: Req, signal?: AbortSignal): Promise<Res> {
    const { inThread, name } = this.options;
    if (!inThread) return Promise.reject(new Error(`The ${name} worker is not running; try again.`));
    return Promise.resolve().then(() => inThread(request, signal));
  }
}

/** A view's bytes as a buffer that may be transferred: the view's own buffer when it spans all of it, else a copy (never Node's shared pool). */
export function transferable(bytes: Uint8Array): { bytes: Uint8Array; buffer: ArrayBuffer } {
  const own = bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
  return { bytes: own, buffer: own.buffer as ArrayBuffer };
}
