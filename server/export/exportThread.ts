/**
 * Writing a PDF or DOCX of a long paper takes hundreds of milliseconds in calls that do not yield
 * (pdfkit's final write-out, docx's packing: up to ~0.5 s in one turn for 50 chapters), which would
 * stall every collaboration room of the server. Those formats are written in a worker thread;
 * HTML and Markdown (tens of milliseconds) stay in the server's thread. The worker starts on the
 * first such export and is kept; a cancelled export is answered at once and its late result
 * dropped. If the worker cannot start or dies, exports are written in the server's thread (slower
 * for everyone, but they still work), and that is logged.
 *
 * A document's pictures are transferred to the worker, not copied (a paper's pictures can be tens
 * of megabytes): once posted, the server's thread no longer holds their bytes, so an export the
 * dying worker had already taken fails (the person is asked to try again) instead of being
 * written here without its pictures.
 */
import { Worker } from 'node:worker_threads';
import type { ExportFormat } from '../../shared/export.js';
import type { ExportDocument } from './document.js';
import { WRITERS } from './writers.js';
import { imageBuffers } from './images.js';

/** The formats whose writers hold the event loop too long to run in the server's thread. */
const IN_WORKER: ReadonlySet<ExportFormat> = new Set(['pdf', 'docx']);

interface Waiting {
  format: ExportFormat;
  doc: ExportDocument;
  resolve(bytes: Uint8Array | string): void;
  reject(err: unknown): void;
  /** True once its pictures' buffers went to the worker. */
  transferred: boolean;
}

/** One lazily started export worker. */
export class ExportThread {
  private worker: Worker | null = null;
  private broken = false;
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();

  constructor(
    private readonly log: (...args: unknown[]) => void,
    /** Formats written in the worker (tests pass all, or none). */
    private readonly inWorker: ReadonlySet<ExportFormat> = IN_WORKER,
  ) {}

  /** Writes a document in a format; rejects with the signal's reason as soon as it is aborted. */
  write(format: ExportFormat, doc: ExportDocument, signal?: AbortSignal): Promise<Uint8Array | string> {
    signal?.throwIfAborted();
    const worker = this.inWorker.has(format) ? this.ensureWorker() : null;
    if (!worker) return Promise.resolve(WRITERS[format](doc, signal));
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      const onAbort = () => {
        this.waiting.delete(id);
        if (this.waiting.size === 0) worker.unref();
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const settle = <T>(fn: (value: T) => void) => (value: T) => {
        signal?.removeEventListener('abort', onAbort);
        fn(value);
      };
      const buffers = imageBuffers(doc.images);
      this.waiting.set(id, { format, doc, resolve: settle(resolve), reject: settle(reject), transferred: buffers.length > 0 });
      // Busy, the worker keeps the process alive until the file is written; idle, it does not.
      worker.ref();
      worker.postMessage({ id, format, doc }, buffers);
    });
  }

  /** Stops the worker; exports still waiting are written in this thread. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.broken = true;
    this.worker = null;
    if (worker) await worker.terminate();
    this.runWaitingHere();
  }

  private ensureWorker(): Worker | null {
    if (this.worker) return this.worker;
    if (this.broken) return null;
    try {
      const worker = new Worker(new URL('./exportWorker.mjs', import.meta.url));
      worker.unref();
      worker.on('message', ({ id, ok, bytes, error }: { id: number; ok: boolean; bytes?: Uint8Array; error?: string }) => {
        const waiting = this.waiting.get(id);
        if (!waiting) return;
        this.waiting.delete(id);
        if (this.waiting.size === 0) worker.unref();
        if (ok && bytes) waiting.resolve(bytes);
        else waiting.reject(new Error(error ?? 'the export could not be written'));
      });
      worker.on('error', (err) => this.fail(worker, err));
      worker.on('exit', (code) => this.fail(worker, new Error(`the export worker exited with code ${code}`)));
      this.worker = worker;
      return worker;
    } catch (err) {
      this.fail(null, err);
      return null;
    }
  }

  private fail(worker: Worker | null, err: unknown): void {
    if (worker && worker !== this.worker) return;
    this.log('export: the worker thread failed; writing exports in the server thread instead', err);
    this.broken = true;
    this.worker = null;
    this.runWaitingHere();
  }

  private runWaitingHere(): void {
    const jobs = [...this.waiting.values()];
    this.waiting.clear();
    for (const { format, doc, resolve, reject, transferred } of jobs) {
      if (transferred) {
        reject(new Error('the export worker stopped while it held this export\'s pictures'));
        continue;
      }
      Promise.resolve()
        .then(() => WRITERS[format](doc))
        .then(resolve, reject);
    }
  }
}
