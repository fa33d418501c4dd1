/**
 * Import conversion in a worker thread: turning a large file into a page document takes seconds
 * (a 19 MB Markdown file took 2.3 s) in calls that do not yield, which would stall every
 * collaboration room of the server. Everything from the file's bytes to the document (format
 * recognition, markdown-it, mammoth, linkedom and ProseMirror's parser, the "not kept" list, the
 * split at headings) runs in the worker (heldImport.ts); the pictures come back as bytes, stored by
 * the server's thread. The file's bytes are transferred to the worker, not copied: the caller's
 * buffer is empty afterwards. Refusals keep their status and sentence. If the worker cannot start,
 * files are converted in the server's thread (logged); if it dies while converting a file, that
 * import fails with a sentence and the next one starts a fresh worker. A file still converting
 * after IMPORT_TIMEOUT_MS (a parser caught in a loop) fails with a sentence and its worker is
 * stopped, so imports after it still work. One per app, closed with it.
 */
import { HttpError } from '../errors.js';
import { WorkerThread, transferable, type WorkerError } from '../workers/workerThread.js';
import { convertHeld, type HeldImport } from './heldImport.js';

/** One file for the worker: its bytes and its cleaned name. */
export interface ImportRequest {
  bytes: Uint8Array;
  name: string;
}

/** The sentence of an import whose worker stopped while converting it. */
export const IMPORT_STOPPED = 'Quire stopped while converting this file, so nothing was imported. Choose it again; if this happens again, the file may be too large or complex to import, so split it into smaller files.';

/**
 * Longest one file may take in the worker, waiting behind others included: the largest file
 * allowed converts in a few seconds, or about fifteen on a small machine that is busy.
 */
export const IMPORT_TIMEOUT_MS = 2 * 60 * 1000;

/** The sentence of an import that took longer than IMPORT_TIMEOUT_MS. */
export const IMPORT_TOO_SLOW = 'Converting this file took more than two minutes, so Quire stopped. Split it into smaller files and import them one at a time.';

/** The import converter of one app: a lazily started worker thread. */
export class ImportThread {
  private readonly thread: WorkerThread<ImportRequest, HeldImport>;

  constructor(log: (...args: unknown[]) => void, timeoutMs = IMPORT_TIMEOUT_MS) {
    this.thread = new WorkerThread<ImportRequest, HeldImport>({
      name: 'import',
      entry: new URL('./importWorker.ts', import.meta.url),
      log,
      inThread: ({ bytes, name }) => convertHeld(bytes, name),
      revive: reviveError,
      lost: () => new HttpError(500, 'import_stopped', IMPORT_STOPPED),
      timeoutMs,
      timedOut: () => new HttpError(422, 'import_too_slow', IMPORT_TOO_SLOW),
    });
  }

  /** Converts a file in the worker, handing its bytes over (the caller's buffer is emptied when it owns one). */
  convert(bytes: Uint8Array, name: string): Promise<HeldImport> {
    if (bytes.byteLength === 0) return this.thread.run({ bytes, name });
    const own = transferable(bytes);
    return this.thread.run({ bytes: own.bytes, name }, { transfer: [own.buffer] });
  }

  /** Stops the worker; a file still converting fails. */
  close(): Promise<void> {
    return this.thread.close();
  }
}

/** A refusal from the worker as the HttpError it was there; anything else stays an internal error. */
function reviveError(error: WorkerError): Error {
  return typeof error.status === 'number' ? new HttpError(error.status, error.code ?? 'bad_request', error.message, error.fields) : new Error(error.message);
}
