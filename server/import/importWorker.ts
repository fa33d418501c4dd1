/**
 * The import worker thread's side: converts one file per request (heldImport.ts) and hands the
 * pictures' bytes back by transfer. Started by importThread.ts as a WorkerThread.
 */
import { answerRequests } from '../workers/workerPort.js';
import { transferable } from '../workers/workerThread.js';
import { convertHeld, type HeldImport } from './heldImport.js';
import type { ImportRequest } from './importThread.js';

answerRequests(
  async ({ bytes, name }: ImportRequest): Promise<HeldImport> => {
    const held = await convertHeld(bytes, name);
    // Each picture in a buffer of its own, so it can be handed over without copying.
    return { ...held, pictures: held.pictures.map((picture) => ({ ...picture, bytes: transferable(picture.bytes).bytes })) };
  },
  (held) => [...new Set(held.pictures.map((picture) => picture.bytes.buffer as ArrayBuffer))],
);
