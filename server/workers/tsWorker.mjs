// Starts a WorkerThread's worker (workerThread.ts): TypeScript runs through tsx, as `npm start`
// runs the server, then the entry module named in workerData is loaded.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
