/**
 * The worker's side of WorkerThread (workerThread.ts): an entry module calls answerRequests once
 * with the function that does one request. It says it is ready, then answers each request in
 * order with the result (handing over the buffers `transferOf` lists) or the error's sentence,
 * keeping an HttpError's status, code and fields so the server can answer as if it ran there.
 */
import { parentPort, type TransferListItem } from 'node:worker_threads';
import type { WorkerError, WorkerMessage, WorkerRequest } from './workerThread.js';

/** The parts of an error that cross to the server's thread. */
export function workerError(err: unknown): WorkerError {
  const e = err as { message?: unknown; status?: unknown; code?: unknown; fields?: Record<string, string> } | null;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  if (typeof e?.status !== 'number') return { message };
  return { message, status: e.status, ...(typeof e.code === 'string' ? { code: e.code } : {}), ...(e.fields ? { fields: e.fields } : {}) };
}

/** Answers the server's requests with `run`, in order; call once from a worker's entry module. */
export function answerRequests<Req, Res>(run: (request: Req) => Res | Promise<Res>, transferOf: (result: Res) => TransferListItem[] = () => []): void {
  const port = parentPort;
  if (!port) throw new Error('answerRequests runs only inside a worker thread.');
  const send = (message: WorkerMessage<Res>, transfer: TransferListItem[] = []) => port.postMessage(message, transfer);
  port.on('message', async ({ id, request }: WorkerRequest<Req>) => {
    try {
      const result = await run(request);
      send({ id, ok: true, result }, transferOf(result));
    } catch (err) {
      send({ id, ok: false, error: workerError(err) });
    }
  });
  send({ ready: true });
}
