/**
 * Writing a PDF or DOCX of a long paper takes hundreds of milliseconds in calls that do not yield
 * (pdfkit's final write-out, docx's packing: up to ~0.5 s in one turn for 50 chapters), which would
 * stall every collaboration room of the server. Those formats are written in a worker thread;
 * HTML and Markdown (tens of milliseconds) stay in the server's thread. The worker starts on the
 * first such export and is kept; a cancelled export is answered at once and its late result
 * dropped. If the worker cannot start, exports are written in the server's thread (slower for
 * everyone, but they still work); if it dies, the exports it held are written here and the next
 * one starts a fresh worker. Both are logged. The worker itself is a WorkerThread (server/workers).
 *
 * A document's pictures are transferred to the worker, not copied (a paper's pictures can be tens
 * of megabytes): once posted, the server's thread no longer holds their bytes, so an export the
 * dying worker had already taken fails (the person is asked to try again) instead of being
 * written here without its pictures.
 */
import type { ExportFormat } from '../../shared/export.js';
import type { ExportDocument } from './document.js';
import { WRITERS } from './writers.js';
import { imageBuffers } from './images.js';
import { WorkerThread } from '../workers/workerThread.js';

/** The formats whose writers hold the event loop too long to run in the server's thread. */
const IN_WORKER: ReadonlySet<ExportFormat> = new Set(['pdf', 'docx']);

/** One export for the worker. */
interface ExportRequest {
  format: ExportFormat;
  doc: ExportDocument;
}

/** One lazily started export worker. */
export class ExportThread {
  private readonly thread: WorkerThread<ExportRequest, Uint8Array | string>;

  constructor(
    log: (...args: unknown[]) => void,
    /** Formats written in the worker (tests pass all, or none). */
    private readonly inWorker: ReadonlySet<ExportFormat> = IN_WORKER,
  ) {
    this.thread = new WorkerThread<ExportRequest, Uint8Array | string>({
      name: 'export',
      entry: new URL('./exportWorker.ts', import.meta.url),
      log,
      inThread: ({ format, doc }) => WRITERS[format](doc),
      lost: () => new Error("the export worker stopped while it held this export's pictures"),
      finishAtClose: true,
    });
  }

  /** Writes a document in a format; rejects with the signal's reason as soon as it is aborted. */
  write(format: ExportFormat, doc: ExportDocument, signal?: AbortSignal): Promise<Uint8Array | string> {
    signal?.throwIfAborted();
    if (!this.inWorker.has(format) || !this.thread.usable) return Promise.resolve(WRITERS[format](doc, signal));
    return this.thread.run({ format, doc }, { transfer: imageBuffers(doc.images), signal });
  }

  /** Stops the worker; exports still waiting are written in this thread. */
  close(): Promise<void> {
    return this.thread.close();
  }
}
