/**
 * The history thread's entry point: runs each job it is sent (historyWork.ts) and answers with
 * its result or the error's message. Started by historyThread.ts through historyWorker.mjs.
 */
import { parentPort } from 'node:worker_threads';
import { runHistoryJob, type HistoryJob } from './historyWork.js';

parentPort!.on('message', ({ id, job }: { id: number; job: HistoryJob }) => {
  try {
    parentPort!.postMessage({ id, ok: true, result: runHistoryJob(job) });
  } catch (err) {
    parentPort!.postMessage({ id, ok: false, error: (err as Error)?.message ?? String(err) });
  }
});
