/** The export worker thread's side: writes one document per request with the format's writer (a WorkerThread, started by exportThread.ts). */
import type { ExportFormat } from '../../shared/export.js';
import type { ExportDocument } from './document.js';
import { WRITERS } from './writers.js';
import { answerRequests } from '../workers/workerPort.js';

answerRequests(async ({ format, doc }: { format: ExportFormat; doc: ExportDocument }) => {
  const written = await WRITERS[format](doc);
  return typeof written === 'string' ? new TextEncoder().encode(written) : written;
});
