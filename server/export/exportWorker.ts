/** The export worker thread's side: writes one document per message with the format's writer. */
import { parentPort } from 'node:worker_threads';
import type { ExportFormat } from '../../shared/export.js';
import type { ExportDocument } from './document.js';
import { WRITERS } from './writers.js';

parentPort?.on('message', async ({ id, format, doc }: { id: number; format: ExportFormat; doc: ExportDocument }) => {
  try {
    const written = await WRITERS[format](doc);
    const bytes = typeof written === 'string' ? new TextEncoder().encode(written) : written;
    parentPort?.postMessage({ id, ok: true, bytes });
  } catch (err) {
    parentPort?.postMessage({ id, ok: false, error: (err as Error)?.message ?? String(err) });
  }
});
